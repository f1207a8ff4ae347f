import Crypto
import Store

/// The system market maker: a player row whose ordinary ledger accounts hold its gold and stock, funded once from
/// the mint, that stands behind its configured quotes up to a daily cap per player.
///
/// Its username `$market-maker` breaks the username rules, so nobody can register or take it, and its password hash
/// matches no password. Changes run inside a writer `Transaction`; reads take any executor.
public enum MarketMaker {
    public static let username = "$market-maker"
    /// The funding transfers' reason.
    public static let fundingReason = TransferReason(rawValue: "market_maker_funding")

    /// Creates the market maker and issues its funding from the mint, once; later calls only return its player id.
    @discardableResult
    public static func prepare(configuration: MarketMakerConfiguration, now: Int64,
                               in transaction: Transaction) throws(MarketError) -> Int64 {
        if let existing = try playerID(in: transaction) { return existing }
        let hash = "pbkdf2-sha256$1000$\(Base64URL.encode(SecureRandom.bytes(count: 16)))$"
            + Base64URL.encode(SecureRandom.bytes(count: 32))
        try marketSQL { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO players (username, username_key, password_hash, role, created_at, last_active_at)
                VALUES (?, ?, ?, 'player', ?, ?)
                """, [username, Username.key(username), hash, now, now])
        }
        let playerID = transaction.lastInsertRowID
        try marketSQL { () throws(StoreError) in
            try transaction.run("INSERT INTO market_maker (id, player_id, created_at) VALUES (1, ?, ?)", [playerID, now])
        }
        try ledgerCall { () throws(GameError) in
            try Ledger.createPlayerAccounts(playerID: playerID, in: transaction)
            if configuration.fundingGold > 0 {
                try Ledger.grant(configuration.fundingGold, of: .gold, to: playerID, reason: fundingReason,
                                 reference: "market_maker", now: now, in: transaction)
            }
            for resource in MarketResource.allCases where configuration.fundingUnitsPerResource > 0 {
                try Ledger.grant(configuration.fundingUnitsPerResource, of: resource.asset, to: playerID,
                                 reason: fundingReason, reference: "market_maker", now: now, in: transaction)
            }
        }
        return playerID
    }

    /// The market maker's player id, or nil before `prepare`.
    public static func playerID(in database: any SQLExecutor) throws(MarketError) -> Int64? {
        try marketSQL { () throws(StoreError) in
            try database.queryOne("SELECT player_id FROM market_maker WHERE id = 1")?.int64("player_id")
        }
    }

    /// The UTC day number (days since the epoch) of `now`, the cap's period.
    public static func day(of now: Int64) -> Int64 {
        now >= 0 ? now / 86_400_000 : (now - 86_399_999) / 86_400_000
    }

    /// Units `playerID` may still trade with the market maker today on `side` (the player's side) of `resource`.
    static func remainingCap(playerID: Int64, resource: MarketResource, side: OrderSide, now: Int64, cap: Int64,
                             in transaction: Transaction) throws(MarketError) -> Int64 {
        let used = try marketSQL { () throws(StoreError) in
            try transaction.queryOne(
                "SELECT quantity FROM market_maker_volume WHERE player_id = ? AND resource = ? AND side = ? AND day = ?",
                [playerID, resource.rawValue, side.rawValue, day(of: now)])?.int64("quantity") ?? 0
        }
        return max(0, cap - used)
    }

    /// Adds `quantity` to today's volume of `playerID` on `side` of `resource`.
    static func recordVolume(playerID: Int64, resource: MarketResource, side: OrderSide, quantity: Int64, now: Int64,
                             in transaction: Transaction) throws(MarketError) {
        try marketSQL { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO market_maker_volume (player_id, resource, side, day, quantity) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (player_id, resource, side, day) DO UPDATE SET quantity = quantity + excluded.quantity
                """, [playerID, resource.rawValue, side.rawValue, day(of: now), quantity])
        }
    }
}
