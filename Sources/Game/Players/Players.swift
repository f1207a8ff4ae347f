import Store

/// Registration and lookups of players.
///
/// Changes run inside a writer `Transaction` (the writer thread); lookups take any executor (an event loop's reader).
/// Password hashing is not done here: callers pass the finished hash, computed off the loop and off the writer.
public enum Players {
    /// Creates a player with its ledger accounts and grants `startingGold` gold from the mint.
    /// - Parameters:
    ///   - passwordHash: the encoded hash to store.
    ///   - startingGold: whole gold units granted now; 0 grants nothing.
    /// - Throws: `.usernameInvalid`, `.usernameTaken` (case-insensitive), `.store`.
    public static func register(username: String, passwordHash: String, role: PlayerRole, startingGold: Int64,
                                now: Int64, in transaction: Transaction) throws(GameError) -> Player {
        try Username.validate(username)
        let key = Username.key(username)
        let existing = try storeCall { () throws(StoreError) in
            try transaction.queryOne("SELECT id FROM players WHERE username_key = ?", [key])
        }
        if existing != nil { throw .usernameTaken(username: username) }
        try storeCall { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO players (username, username_key, password_hash, role, created_at, last_active_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [username, key, passwordHash, role.rawValue, now, now])
        }
        let player = Player(id: transaction.lastInsertRowID, username: username, role: role, createdAt: now,
                            lastActiveAt: now)
        try Ledger.createPlayerAccounts(playerID: player.id, in: transaction)
        if startingGold > 0 {
            try Ledger.grant(startingGold, of: .gold, to: player.id, reason: .startingGrant,
                             reference: "player:\(player.id)", now: now, in: transaction)
        }
        return player
    }

    /// The player with `id`, or nil.
    public static func find(id: Int64, in database: any SQLExecutor) throws(GameError) -> Player? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(Player.columns) FROM players WHERE id = ?", [id])
        }
        return try row.map { row throws(GameError) in try Player(row: row) }
    }

    /// Whether a player with this username exists, ignoring case.
    public static func exists(username: String, in database: any SQLExecutor) throws(GameError) -> Bool {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT id FROM players WHERE username_key = ?", [Username.key(username)])
        }
        return row != nil
    }

    /// The player and stored hash for `username` (any case), or nil.
    public static func credentials(username: String, in database: any SQLExecutor) throws(GameError)
        -> PlayerCredentials? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne(
                "SELECT \(Player.columns), password_hash FROM players WHERE username_key = ?", [Username.key(username)])
        }
        guard let row else { return nil }
        let hash = try storeCall { () throws(StoreError) in try row.string("password_hash") }
        return PlayerCredentials(player: try Player(row: row), passwordHash: hash)
    }

    /// Records activity now; optionally replaces the password hash (stronger parameters after a login).
    /// - Throws: `.playerNotFound`.
    public static func recordLogin(playerID: Int64, now: Int64, upgradedPasswordHash: String?,
                                   in transaction: Transaction) throws(GameError) -> Player {
        try storeCall { () throws(StoreError) in
            if let upgradedPasswordHash {
                try transaction.run("UPDATE players SET last_active_at = ?, password_hash = ? WHERE id = ?",
                                    [now, upgradedPasswordHash, playerID])
            } else {
                try transaction.run("UPDATE players SET last_active_at = ? WHERE id = ?", [now, playerID])
            }
        }
        guard let player = try find(id: playerID, in: transaction) else { throw .playerNotFound(playerID: playerID) }
        return player
    }

    /// How many squares `playerID` owns.
    public static func squareCount(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> Int64 {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT count(*) AS n FROM land_squares WHERE owner_id = ?", [playerID])
        }
        return try storeCall { () throws(StoreError) in try row?.int64("n") ?? 0 }
    }
}
