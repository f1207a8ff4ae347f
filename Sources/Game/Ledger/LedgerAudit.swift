import Store

/// The outcome of one audit check: what was checked, how much, and what is wrong (empty when it passed).
public struct AuditCheck: Sendable, Equatable {
    public var name: String
    /// What was examined, e.g. "4 assets, 20 accounts".
    public var scope: String
    /// One line per violation found (capped); empty when the check passed.
    public var violations: [String]

    public var passed: Bool { violations.isEmpty }
}

/// The invariants `worldgame verify` checks: the ledger balances, the land has consistent owners, and SQLite's own
/// integrity and foreign-key checks pass.
///
/// Read-only SQL over any executor; run it inside one read transaction so every check sees the same snapshot.
public enum LedgerAudit {
    /// At most this many violation lines per check.
    public static let maxViolationsPerCheck = 20

    /// Runs every check in order.
    public static func run(in database: any SQLExecutor) throws(StoreError) -> [AuditCheck] {
        [
            try assetsSumToZero(database),
            try balancesMatchTransfers(database),
            try transferAssetsMatchAccounts(database),
            try noNegativePlayerBalance(database),
            try squareOwnersExist(database),
            try oneSquarePerPosition(database),
            try SquareObjectAudit.check(database),
            try AuctionAudit.escrowMatchesStandingBids(database),
            try AuctionAudit.activeAuctionsConsistent(database),
            try AuctionAudit.ownedLandConsistent(database),
            try MarketAudit.orderEscrowMatchesLedger(database),
            try MarketAudit.escrowCoversOpenOrders(database),
            try MarketAudit.booksNotCrossed(database),
            try MarketAudit.listedSquaresLocked(database),
            try integrity(database),
            try foreignKeys(database),
        ] + (try ResourceAudit.checks(database))
    }

    static func assetsSumToZero(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query("SELECT asset, sum(balance) AS total, count(*) AS n FROM accounts GROUP BY asset")
        var violations: [String] = []
        var accounts: Int64 = 0
        for row in rows {
            accounts += try row.int64("n")
            let total = try row.int64("total")
            if total != 0 { violations.append("\(try row.string("asset")) accounts sum to \(total), not 0") }
        }
        return AuditCheck(name: "ledger: every asset's accounts sum to zero",
                          scope: "\(rows.count) assets, \(accounts) accounts", violations: violations)
    }

    static func balancesMatchTransfers(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            """
            SELECT a.id, a.balance,
                coalesce((SELECT sum(amount) FROM transfers WHERE to_account_id = a.id), 0)
                - coalesce((SELECT sum(amount) FROM transfers WHERE from_account_id = a.id), 0) AS computed
            FROM accounts a
            """)
        var violations: [String] = []
        for row in rows where try row.int64("balance") != row.int64("computed") {
            violations.append("account \(try row.int64("id")) caches \(try row.int64("balance")) but its transfers sum to \(try row.int64("computed"))")
        }
        let transfers = try AuditQueries.count(database, "SELECT count(*) AS n FROM transfers")
        return AuditCheck(name: "ledger: every cached balance equals the sum of its transfers",
                          scope: "\(rows.count) accounts, \(transfers) transfers", violations: AuditQueries.capped(violations))
    }

    static func transferAssetsMatchAccounts(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let violations = try AuditQueries.violations(database, """
            SELECT t.id FROM transfers t JOIN accounts f ON f.id = t.from_account_id JOIN accounts d ON d.id = t.to_account_id
            WHERE f.asset <> t.asset OR d.asset <> t.asset LIMIT 100
            """) { row throws(StoreError) in "transfer \(try row.int64("id")) moves an asset its accounts do not hold" }
        return AuditCheck(name: "ledger: every transfer moves its accounts' asset", scope: "all transfers",
                          violations: AuditQueries.capped(violations))
    }

    static func noNegativePlayerBalance(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        try AuditQueries.check(
            "ledger: no player (or fee/treasury) balance is negative", in: database,
            violations: "SELECT id, kind, balance FROM accounts WHERE kind <> 'mint' AND balance < 0 LIMIT 100",
            scope: "SELECT count(*) AS n FROM accounts WHERE player_id IS NOT NULL", counted: "player accounts"
        ) { row throws(StoreError) in
            "\(try row.string("kind")) account \(try row.int64("id")) is at \(try row.int64("balance"))"
        }
    }

    static func squareOwnersExist(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        try AuditQueries.check(
            "land: every square's owner exists", in: database,
            violations: """
                SELECT s.id, s.owner_id FROM land_squares s LEFT JOIN players p ON p.id = s.owner_id
                WHERE s.owner_id IS NOT NULL AND p.id IS NULL LIMIT 100
                """,
            scope: "SELECT count(*) AS n FROM land_squares WHERE owner_id IS NOT NULL", counted: "owned squares"
        ) { row throws(StoreError) in
            "square \(try row.int64("id")) is owned by missing player \(try row.int64("owner_id"))"
        }
    }

    static func oneSquarePerPosition(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        try AuditQueries.check(
            "land: each square has one row and at most one owner", in: database,
            violations: "SELECT x, y, count(*) AS n FROM land_squares GROUP BY x, y HAVING count(*) > 1 LIMIT 100",
            scope: "SELECT count(*) AS n FROM land_squares", counted: "squares"
        ) { row throws(StoreError) in
            "position (\(try row.int64("x")), \(try row.int64("y"))) has \(try row.int64("n")) squares"
        }
    }

    static func integrity(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query("PRAGMA integrity_check")
        var messages: [String] = []
        for row in rows {
            if case .text(let text) = row[0] { messages.append(text) }
        }
        return AuditCheck(name: "sqlite: PRAGMA integrity_check", scope: "whole database",
                          violations: messages == ["ok"] ? [] : AuditQueries.capped(messages))
    }

    static func foreignKeys(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query("PRAGMA foreign_key_check")
        var violations: [String] = []
        for row in rows {
            let table: String = if case .text(let text) = row[0] { text } else { "?" }
            let rowID: String = if case .integer(let id) = row[1] { String(id) } else { "?" }
            violations.append("\(table) row \(rowID) references a missing row")
        }
        return AuditCheck(name: "sqlite: PRAGMA foreign_key_check", scope: "whole database",
                          violations: AuditQueries.capped(violations))
    }
}
