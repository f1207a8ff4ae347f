import Foundation
import Store

/// A player as the operators' console lists them: name, role, standing and gold.
///
/// A value read from one reader snapshot; gold in whole units.
public struct PlayerSummary: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var role: PlayerRole
    public var isSuspended: Bool
    /// The suspension's reason, as the operator wrote it (nil when not suspended).
    public var suspendedReason: String?
    /// Available gold.
    public var gold: Int64
    /// Gold held in escrow by standing bids and open orders.
    public var escrow: Int64
}

/// Suspension of accounts by an operator (migration 0015): a suspended player cannot log in and every token of theirs
/// stops at once, on REST (the per-request generation read sees `suspended_at`) and on sockets (the
/// `account_suspended` event closes them with 4003).
///
/// Changes run in a writer `Transaction` (the Engine's `PlayerService` admin functions, which also cancel the
/// player's standing bids and open orders and write the audit row in the same command); reads take any executor.
extension Players {
    /// The player's token generation and whether they are suspended, or nil when the player does not exist: the one
    /// primary-key read behind every authenticated request.
    public static func sessionState(playerID: Int64, in database: any SQLExecutor) throws(GameError)
        -> (tokenGeneration: Int64, isSuspended: Bool)? {
        // Read by column position from the stepped row (no `Row` copy with its column names): every authenticated
        // request runs this.
        var state: (tokenGeneration: Int64, isSuspended: Bool)?
        try storeCall { () throws(StoreError) in
            try database.forEachRow("SELECT token_generation, suspended_at FROM players WHERE id = ?", [playerID]) {
                row throws(StoreError) in
                state = (try row.int64(0), try row.optionalInt64(1) != nil)
            }
        }
        return state
    }

    /// Suspends `playerID` now with `reason`: marks the account and raises its token generation (every token stops),
    /// returning the player and the `account_suspended` event to publish after commit.
    /// - Throws: `GameError.playerNotFound`, `AdminError.cannotSuspend` (an operator, the market maker),
    ///   `.alreadySuspended`.
    public static func suspend(playerID: Int64, reason: String, now: Int64,
                               in transaction: Transaction) throws -> (player: Player, event: DomainEvent) {
        guard let player = try find(id: playerID, in: transaction) else { throw GameError.playerNotFound(playerID: playerID) }
        if player.role == .admin { throw AdminError.cannotSuspend(playerID: playerID, reason: "operators cannot be suspended") }
        if try MarketMaker.playerID(in: transaction) == playerID {
            throw AdminError.cannotSuspend(playerID: playerID, reason: "the market maker is a system account")
        }
        if player.isSuspended { throw AdminError.alreadySuspended(playerID: playerID) }
        try transaction.run(
            """
            UPDATE players SET suspended_at = ?, suspended_reason = ?, token_generation = token_generation + 1
            WHERE id = ?
            """, [now, reason, playerID])
        guard let suspended = try find(id: playerID, in: transaction) else { throw GameError.playerNotFound(playerID: playerID) }
        return (suspended, try PlayerSuspensionEvents.suspended(suspended))
    }

    /// Lifts the suspension of `playerID` (tokens issued before the suspension stay revoked: they log in again).
    /// - Throws: `GameError.playerNotFound`, `AdminError.notSuspended`.
    public static func reinstate(playerID: Int64, in transaction: Transaction) throws -> Player {
        guard let player = try find(id: playerID, in: transaction) else { throw GameError.playerNotFound(playerID: playerID) }
        guard player.isSuspended else { throw AdminError.notSuspended(playerID: playerID) }
        try transaction.run("UPDATE players SET suspended_at = NULL, suspended_reason = NULL WHERE id = ?", [playerID])
        guard let reinstated = try find(id: playerID, in: transaction) else { throw GameError.playerNotFound(playerID: playerID) }
        return reinstated
    }

    /// Players whose name contains `query` (ignoring case; all when empty), by name, at most `limit`.
    public static func search(_ query: String, limit: Int, in database: any SQLExecutor) throws(GameError) -> [PlayerSummary] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query("\(summarySelect) WHERE instr(p.username_key, ?) > 0 ORDER BY p.username_key LIMIT ?",
                               [Username.key(query), Int64(limit)])
        }
        return try rows.map(summaryRow)
    }

    /// The summary of `playerID`, or nil.
    public static func summary(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> PlayerSummary? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("\(summarySelect) WHERE p.id = ?", [playerID])
        }
        return try row.map(summaryRow)
    }

    private static let summarySelect = """
        SELECT p.id, p.username, p.role, p.suspended_at, p.suspended_reason,
               coalesce((SELECT balance FROM accounts WHERE player_id = p.id AND kind = 'available' AND asset = 'gold'), 0)
                   AS gold,
               coalesce((SELECT balance FROM accounts WHERE player_id = p.id AND kind = 'escrow' AND asset = 'gold'), 0)
                   AS escrow
        FROM players p
        """

    private static func summaryRow(_ row: Row) throws(GameError) -> PlayerSummary {
        try storeCall { () throws(StoreError) in
            let id = try row.int64("id")
            let roleText = try row.string("role")
            return PlayerSummary(
                id: id, username: try row.string("username"), role: PlayerRole(rawValue: roleText) ?? .player,
                isSuspended: try row.optionalInt64("suspended_at") != nil,
                suspendedReason: try row.optionalString("suspended_reason"), gold: try row.int64("gold"),
                escrow: try row.int64("escrow"))
        }
    }
}

/// The event that ends a suspended player's sockets: `account_suspended` on `player:{id}`, with the new token
/// generation. The node's gateway closes every socket of that player with 4003 "account suspended" when it sees it
/// (on a standby too, which republishes the primary's events).
public enum PlayerSuspensionEvents {
    public static let suspendedType = "account_suspended"

    private struct Payload: Codable {
        var playerId: Int64
        var tokenGeneration: Int64
    }

    /// `{"playerId":…,"tokenGeneration":…}` on `player:{id}`.
    public static func suspended(_ player: Player) throws(GameError) -> DomainEvent {
        do {
            return try DomainEvent(topic: "player:\(player.id)", type: suspendedType,
                                   data: Payload(playerId: player.id, tokenGeneration: player.tokenGeneration))
        } catch {
            throw .corruptRow(table: "players", id: player.id, detail: "event not encodable")
        }
    }

    /// The player id and new generation of an `account_suspended` event, or nil for any other event.
    public static func decodeSuspended(_ event: DomainEvent) -> (playerID: Int64, tokenGeneration: Int64)? {
        guard event.type == suspendedType,
              let payload = try? JSONDecoder().decode(Payload.self, from: Data(event.dataJSON)) else { return nil }
        return (payload.playerId, payload.tokenGeneration)
    }
}
