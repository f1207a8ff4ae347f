import Store

/// A player's role: `admin` accounts (created with `worldgame admin create`) may use `/api/admin/*`.
public enum PlayerRole: String, Sendable, CaseIterable, Equatable {
    case player, admin
}

/// One row of the `players` table without its password hash.
///
/// A value read inside a writer command or a reader snapshot.
public struct Player: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var role: PlayerRole
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds of the last login or action.
    public var lastActiveAt: Int64
    /// The generation new tokens are issued under; tokens of an older generation are refused (migration 0013).
    public var tokenGeneration: Int64
    /// When an operator suspended the account (Unix milliseconds); nil while it is in good standing (migration 0015).
    public var suspendedAt: Int64?

    public init(id: Int64, username: String, role: PlayerRole, createdAt: Int64, lastActiveAt: Int64,
                tokenGeneration: Int64 = 0, suspendedAt: Int64? = nil) {
        self.id = id
        self.username = username
        self.role = role
        self.createdAt = createdAt
        self.lastActiveAt = lastActiveAt
        self.tokenGeneration = tokenGeneration
        self.suspendedAt = suspendedAt
    }

    /// Whether an operator suspended the account.
    public var isSuspended: Bool { suspendedAt != nil }

    static let columns = "id, username, role, created_at, last_active_at, token_generation, suspended_at"

    init(row: Row) throws(GameError) {
        id = try storeCall { () throws(StoreError) in try row.int64("id") }
        username = try storeCall { () throws(StoreError) in try row.string("username") }
        let roleText = try storeCall { () throws(StoreError) in try row.string("role") }
        role = try PlayerRole(stored: roleText, column: "role", table: "players", id: id)
        createdAt = try storeCall { () throws(StoreError) in try row.int64("created_at") }
        lastActiveAt = try storeCall { () throws(StoreError) in try row.int64("last_active_at") }
        tokenGeneration = try storeCall { () throws(StoreError) in try row.int64("token_generation") }
        suspendedAt = try storeCall { () throws(StoreError) in try row.optionalInt64("suspended_at") }
    }
}

/// A player together with the stored password hash, for login; never leaves the server.
public struct PlayerCredentials: Sendable {
    public var player: Player
    /// The encoded hash (`pbkdf2-sha256$...`).
    public var passwordHash: String
}
