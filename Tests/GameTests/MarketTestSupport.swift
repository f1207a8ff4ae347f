import Foundation
@testable import Game
import Store

/// Market fixtures over a `GameDatabase`: funded players, squares given to players, and the invariant checks the
/// marketplace tests run after every step.
extension GameDatabase {
    /// Registers `count` players holding `gold` gold and `units` of every resource.
    func marketPlayers(_ count: Int, gold: Int64 = 1_000_000, units: Int64 = 10_000) throws -> [Int64] {
        try (0..<count).map { index in
            let player = try register("trader\(index)", gold: gold)
            try writer.performAndWait { transaction in
                for resource in MarketResource.allCases {
                    try Ledger.grant(units, of: resource.asset, to: player.id, reason: .adjustment, reference: nil,
                                     now: Self.epoch, in: transaction)
                }
            }
            return player.id
        }
    }

    /// Gives square `squareID` to `playerID`.
    func giveSquare(_ squareID: Int64, to playerID: Int64) throws {
        try writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ?, is_locked = 0 WHERE id = ?", [playerID, squareID])
        }
    }

    /// Every check of `MarketAudit` plus the ledger's own balance checks; returns the violations.
    func marketViolations() throws -> [String] {
        try read { connection in
            let checks = [
                try LedgerAudit.assetsSumToZero(connection), try LedgerAudit.balancesMatchTransfers(connection),
                try LedgerAudit.noNegativePlayerBalance(connection),
                try MarketAudit.orderEscrowMatchesLedger(connection), try MarketAudit.escrowCoversOpenOrders(connection),
                try MarketAudit.booksNotCrossed(connection), try MarketAudit.listedSquaresLocked(connection),
            ]
            return checks.flatMap { check in check.violations.map { "\(check.name): \($0)" } }
        }
    }

    /// Sum of every non-mint balance per asset (constant while only trades happen).
    func holdingsOutsideMint() throws -> [String: Int64] {
        try read { connection in
            var totals: [String: Int64] = [:]
            for row in try connection.query("SELECT asset, sum(balance) AS total FROM accounts WHERE kind <> 'mint' GROUP BY asset") {
                totals[try row.string("asset")] = try row.int64("total")
            }
            return totals
        }
    }

    /// A row count per market table and the sum of all balances' magnitudes: equal before and after a refused change.
    func marketFingerprint() throws -> [String: Int64] {
        try read { connection in
            var counts: [String: Int64] = [:]
            for table in ["market_orders", "market_trades", "market_listings", "transfers", "market_maker_volume"] {
                counts[table] = try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n")
            }
            counts["balances"] = try connection.queryOne("SELECT sum(abs(balance)) AS n FROM accounts")?.int64("n")
            counts["locked"] = try connection.queryOne("SELECT sum(is_locked) AS n FROM land_squares")?.int64("n")
            counts["order_state"] = try connection.queryOne(
                "SELECT coalesce(sum(remaining * 7 + escrow * 3 + length(status)), 0) AS n FROM market_orders")?.int64("n")
            return counts
        }
    }
}
