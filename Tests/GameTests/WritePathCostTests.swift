import Foundation
@testable import Game
import Store
import Testing

/// The statement budget and the query plans of the write hot paths: a blind bid, an open bid that outbids, a limit
/// order that rests, one that matches, an order cancel and a settlement, each as one writer command (with the event
/// holdings read the services add). A test fails when a path runs more statements than its budget, or when any
/// statement it ran plans a full scan of a table (`SCAN t`, with or without an index) or a temporary B-tree for
/// ORDER BY. Budgets are the counts measured when they were set; lower them when a path gets cheaper. Every statement
/// counts, the reads by column position (`forEachRow`: the event holdings, the order book's best order) too.
@Suite("Write path cost")
struct WritePathCostTests {
    /// What one measured command ran.
    struct Cost {
        var statements: [String]
        /// Plan lines that are a full scan or a temporary B-tree, with their statement.
        var badPlans: [String]
    }

    /// Runs `body` as one writer command, recording its statements, then explains each distinct one.
    static func measure<T: Sendable>(_ writer: Writer, _ body: @escaping @Sendable (Transaction) throws -> T) throws
        -> (T, Cost) {
        try writer.performAndWait { transaction in
            let (value, statements) = try transaction.recordingStatements { try body(transaction) }
            var badPlans: [String] = []
            for sql in Set(statements) {
                for line in try transaction.queryPlan(of: sql) where isBad(line) {
                    badPlans.append("\(line)  <-  \(sql)")
                }
            }
            return (value, Cost(statements: statements, badPlans: badPlans))
        }
    }

    /// A full table or index scan (virtual tables such as `json_each` and constant rows are fine), or a temp B-tree
    /// for ORDER BY.
    static func isBad(_ line: String) -> Bool {
        let detail = line.trimmingCharacters(in: .whitespaces)
        if detail.contains("USE TEMP B-TREE FOR ORDER BY") { return true }
        guard detail.hasPrefix("SCAN ") else { return false }
        return !detail.contains("VIRTUAL TABLE") && !detail.contains("CONSTANT ROW")
    }

    static func expectWithin(_ cost: Cost, budget: Int, _ path: String) {
        #expect(cost.statements.count <= budget,
                "\(path): \(cost.statements.count) statements (budget \(budget)):\n\(cost.statements.joined(separator: "\n"))")
        #expect(cost.badPlans.isEmpty, "\(path): \(cost.badPlans.joined(separator: "\n"))")
    }

    /// The WAL frames (pages) the commit of `body`, run alone as one writer command, appends: COMMIT checksums and
    /// writes each one, so they are most of a commit's instructions. The WAL is checkpointed and truncated first.
    static func walFrames(_ database: GameDatabase, _ body: @escaping @Sendable (Transaction) throws -> Void) throws
        -> Int {
        let pageSize = try database.writer.performExclusiveAndWait { connection in
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return try connection.query("PRAGMA page_size").first?.int64("page_size") ?? 0
        }
        try database.writer.performAndWait(body)
        let attributes = try FileManager.default.attributesOfItem(atPath: database.configuration.path + "-wal")
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        // A WAL file is a 32-byte header, then a 24-byte header and one page per frame.
        return (bytes - 32) / (Int(pageSize) + 24)
    }

    /// Blind bids and limit orders stay within their page budgets: each page a commit writes is a WAL frame
    /// checksummed and written (about 4.5k instructions apiece). Budgets are the counts measured when they were set.
    @Test func commitsWriteFewPages() throws {
        let fixture = try AuctionFixture()
        let auction = try fixture.create("blind", squares: try fixture.openSquares(1))
        let ada = try fixture.database.register("ada", gold: 1_000)
        try fixture.bid(auction, ada, 100)
        let (rules, providers, now) = (fixture.rules, fixture.providers, fixture.now)
        let bidFrames = try Self.walFrames(fixture.database) { transaction in
            _ = try Auctions.placeBid(auctionID: auction.id, playerID: ada.id, amount: 120, rules: rules,
                                      providers: providers, now: now, in: transaction)
        }
        #expect(bidFrames > 0 && bidFrames <= Self.pageBudget.replacingBid, "replacing blind bid: \(bidFrames) pages")

        let database = try GameDatabase(seed: 1)
        let players = try database.marketPlayers(2)
        var configuration = MarketConfiguration()
        configuration.marketMaker.isEnabled = false
        let settings = configuration
        func orderFrames(_ playerID: Int64, _ side: OrderSide) throws -> Int {
            try Self.walFrames(database) { transaction in
                _ = try OrderBook.place(
                    OrderRequest(playerID: playerID, resource: .wheat, side: side, price: 100, quantity: 1),
                    configuration: settings, now: GameDatabase.epoch, in: transaction)
            }
        }
        let rest = try orderFrames(players[0], .sell)
        let match = try orderFrames(players[1], .buy)
        #expect(rest > 0 && rest <= Self.pageBudget.restingOrder, "resting limit order: \(rest) pages")
        #expect(match > 0 && match <= Self.pageBudget.matchingOrder, "matching limit order: \(match) pages")
    }

    /// WAL frames per commit, measured when set (an order's legs no longer enter an index on their reference: one
    /// page fewer per order).
    static let pageBudget = (replacingBid: 7, restingOrder: 8, matchingOrder: 10)

    @Test func theCheckerSeesAFullScanAndATempBTree() throws {
        let database = try GameDatabase(seed: 1)
        let (_, cost) = try Self.measure(database.writer) { transaction in
            _ = try transaction.query("SELECT id FROM transfers WHERE amount = ? ORDER BY reason", [1])
        }
        #expect(cost.statements.count == 1)
        #expect(cost.badPlans.contains { $0.contains("SCAN transfers") })
        #expect(cost.badPlans.contains { $0.contains("USE TEMP B-TREE FOR ORDER BY") })
    }

    @Test func blindBidFirstAndReplacing() throws {
        let fixture = try AuctionFixture()
        let squares = try fixture.openSquares(1)
        let auction = try fixture.create("blind", squares: squares)
        let ada = try fixture.database.register("ada", gold: 1_000)
        let bob = try fixture.database.register("bob", gold: 1_000)
        try fixture.bid(auction, bob, 50)
        let (rules, providers, now) = (fixture.rules, fixture.providers, fixture.now)
        for amount in [Int64(100), 120] {
            let (_, cost) = try Self.measure(fixture.database.writer) { transaction in
                let accounts = LedgerAccounts(in: transaction)
                let outcome = try Auctions.placeBid(auctionID: auction.id, playerID: ada.id, amount: amount,
                                                    rules: rules, providers: providers, now: now, accounts: accounts,
                                                    in: transaction)
                return try PlayerEventHoldings.annotate(outcome.events, accounts: accounts, in: transaction).count
            }
            Self.expectWithin(cost, budget: amount == 100 ? 6 : 7, "blind bid \(amount)")
        }
        #expect(try fixture.holdings(ada) == (880, 120))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func openBidThatOutbids() throws {
        let fixture = try AuctionFixture()
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), increment: 1)
        let ada = try fixture.database.register("ada", gold: 1_000)
        let bob = try fixture.database.register("bob", gold: 1_000)
        try fixture.bid(auction, bob, 50)
        let (rules, providers, now) = (fixture.rules, fixture.providers, fixture.now)
        let (_, cost) = try Self.measure(fixture.database.writer) { transaction in
            let accounts = LedgerAccounts(in: transaction)
            let outcome = try Auctions.placeBid(auctionID: auction.id, playerID: ada.id, amount: 100, rules: rules,
                                                providers: providers, now: now, accounts: accounts, in: transaction)
            return try PlayerEventHoldings.annotate(outcome.events, accounts: accounts, in: transaction).count
        }
        Self.expectWithin(cost, budget: 12, "open bid outbidding")
        #expect(try fixture.holdings(bob) == (1_000, 0))
        #expect(try fixture.holdings(ada) == (900, 100))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func settlementOfAWonBlindAuction() throws {
        let fixture = try AuctionFixture()
        let auction = try fixture.create("blind", squares: try fixture.openSquares(1))
        let ada = try fixture.database.register("ada", gold: 1_000)
        let bob = try fixture.database.register("bob", gold: 1_000)
        try fixture.bid(auction, ada, 100)
        try fixture.bid(auction, bob, 60)
        let (rules, providers, market) = (fixture.rules, fixture.providers, fixture.market)
        let end = auction.endTime
        let (_, cost) = try Self.measure(fixture.database.writer) { transaction in
            let outcome = try Auctions.settle(auctionID: auction.id, rules: rules, providers: providers, market: market,
                                              now: end, in: transaction)
            guard case .settled(_, let events) = outcome else { return 0 }
            return try PlayerEventHoldings.annotate(events, in: transaction).count
        }
        Self.expectWithin(cost, budget: 20, "settlement")
        #expect(try fixture.holdings(bob) == (1_000, 0))
        #expect(try fixture.holdings(ada) == (900, 0))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func limitOrderRestsThenMatchesThenCancels() throws {
        let database = try GameDatabase(seed: 1)
        let players = try database.marketPlayers(2)
        var configuration = MarketConfiguration()
        configuration.marketMaker.isEnabled = false
        let settings = configuration
        func place(_ playerID: Int64, _ side: OrderSide, quantity: Int64) throws -> (OrderPlacement, Cost) {
            try Self.measure(database.writer) { transaction in
                let accounts = LedgerAccounts(in: transaction)
                let placement = try OrderBook.place(
                    OrderRequest(playerID: playerID, resource: .wheat, side: side, price: 100, quantity: quantity),
                    configuration: settings, now: GameDatabase.epoch, accounts: accounts, in: transaction)
                _ = try PlayerEventHoldings.annotate(placement.events, accounts: accounts, in: transaction)
                return placement
            }
        }
        let (resting, restCost) = try place(players[0], .sell, quantity: 3)
        #expect(resting.order.status == .open)
        Self.expectWithin(restCost, budget: 6, "resting limit order")
        let (matching, matchCost) = try place(players[1], .buy, quantity: 2)
        #expect(matching.trades.count == 1 && matching.order.status == .filled)
        Self.expectWithin(matchCost, budget: 12, "matching limit order")
        let (closure, cancelCost) = try Self.measure(database.writer) { transaction in
            let accounts = LedgerAccounts(in: transaction)
            let closure = try OrderBook.cancel(orderID: resting.order.id, playerID: players[0],
                                               now: GameDatabase.epoch, accounts: accounts, in: transaction)
            _ = try PlayerEventHoldings.annotate(closure.events, accounts: accounts, in: transaction)
            return closure
        }
        #expect(closure.orders.first?.status == .cancelled)
        Self.expectWithin(cancelCost, budget: 6, "order cancel")
        #expect(try database.marketViolations().isEmpty)
    }

    /// A matching order's ledger work goes through the command's `LedgerAccounts`: each player's accounts read once
    /// (a range of `accounts_player`), each player account's balance written by rowid, and the event holdings taken
    /// from there (no second read of the same accounts). Fails when a path goes back to naming player accounts by
    /// index in its UPDATEs, or reads a player's accounts twice.
    @Test func aMatchingOrderReadsEachPlayersAccountsOnceAndWritesThemByRowid() throws {
        let database = try GameDatabase(seed: 1)
        let players = try database.marketPlayers(2)
        var configuration = MarketConfiguration()
        configuration.marketMaker.isEnabled = false
        let settings = configuration
        func place(_ playerID: Int64, _ side: OrderSide) throws -> Cost {
            try Self.measure(database.writer) { transaction in
                let accounts = LedgerAccounts(in: transaction)
                let placement = try OrderBook.place(
                    OrderRequest(playerID: playerID, resource: .wheat, side: side, price: 100, quantity: 1),
                    configuration: settings, now: GameDatabase.epoch, accounts: accounts, in: transaction)
                _ = try PlayerEventHoldings.annotate(placement.events, accounts: accounts, in: transaction)
            }.1
        }
        _ = try place(players[0], .sell)
        let cost = try place(players[1], .buy)
        let accountReads = cost.statements.filter { $0 == LedgerAccounts.playerSQL }
        #expect(accountReads.count == 2, "\(cost.statements.joined(separator: "\n"))")
        #expect(!cost.statements.contains(PlayerEventHoldings.onePlayerSQL)
            && !cost.statements.contains(PlayerEventHoldings.manyPlayersSQL))
        let playerUpdates = cost.statements.filter { $0 == LedgerAccounts.updateSQL }
        #expect(playerUpdates.count == 4, "\(cost.statements.joined(separator: "\n"))")
        let plans = try database.writer.performAndWait { transaction in
            (try transaction.queryPlan(of: LedgerAccounts.playerSQL), try transaction.queryPlan(of: LedgerAccounts.updateSQL))
        }
        #expect(plans.0.contains { $0.contains("SEARCH accounts USING INDEX accounts_player (player_id=?)") },
                "\(plans.0)")
        #expect(plans.1.contains { $0.contains("SEARCH accounts USING INTEGER PRIMARY KEY (rowid=?)") }, "\(plans.1)")
        #expect(try database.marketViolations().isEmpty)
    }
}
