import API
import Game
import Store
import TestSupport

/// What a test reads of a test server's database behind its back, on a read-only connection of its own.
extension TestServer {
    func read<T>(_ body: (Connection) throws -> T) throws -> T { try storeConfiguration.read(body) }

    /// Row counts of the tables a request could change, and the sum of all balances.
    func rowCounts() throws -> [String: Int64] {
        try storeConfiguration.rowCounts(["players", "accounts", "transfers", "regions", "land_squares"])
    }

    /// The first `count` squares of open regions, owned or not.
    func openSquares(_ count: Int) throws -> [Int64] {
        try read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?", [Int64(count)])
                .map { try $0.int64("id") }
        }
    }

    /// An unowned square of an open region that no auction or listing holds.
    func openSquare() throws -> Int64 {
        try read { connection in
            let row = try connection.queryOne(
                "SELECT id FROM land_squares WHERE is_locked = 0 AND owner_id IS NULL ORDER BY id LIMIT 1")
            return try row?.int64("id") ?? 1
        }
    }

    /// Gold (available, escrow) of `playerID`.
    func gold(_ playerID: Int64) throws -> (available: Int64, escrow: Int64) {
        let holdings = try read { try Ledger.holdings(playerID: playerID, in: $0) }
        return (holdings.available[.gold] ?? 0, holdings.escrow[.gold] ?? 0)
    }

    /// The ledger audit's failed checks, each with its violations.
    func failedChecks() throws -> [String] {
        try read { connection in
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return try LedgerAudit.run(in: connection).filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
        }
    }

    /// The operators' audit trail, newest first.
    func audit() throws -> [AdminAuditEntry] {
        try read { try AdminAudit.list(before: nil, limit: 200, in: $0) }
    }
}
