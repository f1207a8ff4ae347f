import Store

/// The auction invariants `worldgame verify` adds to `LedgerAudit`: escrow backs exactly the standing bids, and only
/// active auctions hold standing bids or squares twice.
///
/// Read-only SQL over any executor (one snapshot). Violation lines name players and auctions, never amounts.
public enum AuctionAudit {
    /// Every player's gold moved into escrow by auction transfers, net of what auction transfers took out, equals the
    /// sum of their standing bids (other features' escrow, such as market orders, is not counted on either side).
    public static func escrowMatchesStandingBids(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            """
            WITH reasons(reason) AS (VALUES ('auction_bid'), ('auction_release'), ('auction_payment'), ('auction_fee')),
            escrow AS (
                SELECT a.player_id,
                    coalesce((SELECT sum(t.amount) FROM transfers t WHERE t.to_account_id = a.id
                              AND t.reason IN (SELECT reason FROM reasons)), 0)
                    - coalesce((SELECT sum(t.amount) FROM transfers t WHERE t.from_account_id = a.id
                                AND t.reason IN (SELECT reason FROM reasons)), 0) AS held
                FROM accounts a WHERE a.kind = 'escrow' AND a.asset = 'gold'),
            bids AS (SELECT player_id, sum(amount) AS standing FROM auction_bids WHERE status = 'standing' GROUP BY player_id)
            SELECT e.player_id, e.held, coalesce(b.standing, 0) AS standing FROM escrow e
            LEFT JOIN bids b ON b.player_id = e.player_id
            WHERE e.held <> coalesce(b.standing, 0)
            """)
        var violations: [String] = []
        for row in rows {
            violations.append("player \(try row.int64("player_id")): auction escrow differs from their standing bids")
        }
        let bids = try AuditQueries.count(database, "SELECT count(*) AS n FROM auction_bids WHERE status = 'standing'")
        return AuditCheck(name: "auctions: each player's auction escrow equals their standing bids",
                          scope: "\(bids) standing bids", violations: Array(violations.prefix(LedgerAudit.maxViolationsPerCheck)))
    }

    /// Standing bids belong to active auctions only; no square is in two active auctions.
    public static func activeAuctionsConsistent(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        var violations: [String] = []
        for row in try database.query(
            """
            SELECT DISTINCT b.auction_id FROM auction_bids b JOIN auctions a ON a.id = b.auction_id
            WHERE b.status = 'standing' AND a.status NOT IN ('scheduled', 'in-progress') LIMIT 20
            """) {
            violations.append("auction \(try row.int64("auction_id")) is closed but still has standing bids")
        }
        for row in try database.query(
            """
            SELECT q.square_id FROM auction_squares q JOIN auctions a ON a.id = q.auction_id
            WHERE a.status IN ('scheduled', 'in-progress') GROUP BY q.square_id HAVING count(*) > 1 LIMIT 20
            """) {
            violations.append("square \(try row.int64("square_id")) is in more than one active auction")
        }
        let active = try database.queryOne(
            "SELECT count(*) AS n FROM auctions WHERE status IN ('scheduled', 'in-progress')")?.int64("n") ?? 0
        return AuditCheck(name: "auctions: standing bids only on active auctions; a square in one active auction at most",
                          scope: "\(active) active auctions", violations: violations)
    }
}

extension AuctionAudit {
    /// Owned land stays its owner's: no owned square waits for a game auction, an active game auction
    /// sells only unowned land, and each square of an active owner's auction still belongs to its seller and is held by
    /// that auction's lock.
    public static func ownedLandConsistent(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let owned = try database.queryOne(
            "SELECT count(*) AS n FROM land_squares WHERE owner_id IS NOT NULL")?.int64("n") ?? 0
        let name = "auctions: owned land is auctioned only by its owner"
        // A data dir last migrated before 0014 has no `origin` (and may still date owned squares): nothing to check.
        guard try database.queryOne("SELECT 1 AS present FROM pragma_table_info('auctions') WHERE name = 'origin'") != nil
        else { return AuditCheck(name: name, scope: "schema before migration 0014: skipped", violations: []) }
        var violations: [String] = []
        for row in try database.query(
            "SELECT id FROM land_squares WHERE owner_id IS NOT NULL AND next_auction_at IS NOT NULL ORDER BY id LIMIT 20") {
            violations.append("square \(try row.int64("id")) is owned but has a next auction date")
        }
        for row in try database.query(
            """
            SELECT a.id AS auction_id, q.square_id FROM auctions a JOIN auction_squares q ON q.auction_id = a.id
            JOIN land_squares s ON s.id = q.square_id
            WHERE a.status IN ('scheduled', 'in-progress') AND a.origin = 'owner'
              AND (s.owner_id IS NOT a.seller_id
                   OR NOT EXISTS (SELECT 1 FROM square_locks l WHERE l.square_id = s.id
                                  AND l.holder = 'auction:' || a.id))
            ORDER BY a.id LIMIT 20
            """) {
            violations.append("auction \(try row.int64("auction_id")): square \(try row.int64("square_id")) "
                              + "is not its seller's or not held by the auction")
        }
        for row in try database.query(
            """
            SELECT a.id FROM auctions a WHERE a.status IN ('scheduled', 'in-progress') AND a.origin = 'system'
              AND a.seller_id IS NULL AND EXISTS (SELECT 1 FROM auction_squares q JOIN land_squares s
                  ON s.id = q.square_id WHERE q.auction_id = a.id AND s.owner_id IS NOT NULL)
            ORDER BY a.id LIMIT 20
            """) {
            violations.append("game auction \(try row.int64("id")) sells owned land")
        }
        return AuditCheck(name: name, scope: "\(owned) owned squares", violations: violations)
    }
}
