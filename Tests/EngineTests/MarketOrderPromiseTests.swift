import ClockTesting
import Dispatch
import Engine
import Game
import Store
import Testing
import TestSupport

/// Orders and cancels are submitted with `WriterCommandPromise.failsOnlyBeforeFirstWrite`, so in a busy batch they run
/// without a savepoint. This checks the promise on the real service: every refusal an order or a cancel can meet (a
/// bad price, not enough gold or units to escrow, someone else's order, no such order) comes before its first write,
/// so a batch mixing accepted and refused orders never runs twice, the refused ones write nothing (no order row, no
/// transfer) and the accepted ones commit.
@Suite struct MarketOrderPromiseTests {
    /// Keeps every committed batch's stats.
    struct StatsObserver: WriterObserver {
        let stats: Collected<WriterBatchStats>

        func didCommit(_ batch: WriterBatchStats) { stats.append(batch) }
    }

    /// One command of the batch: an order or a cancel, and the refusal it must end with (nil: accepted).
    struct Case: Sendable {
        var order: OrderRequest?
        var cancel: (orderID: Int64, playerID: Int64)?
        var refusal: MarketError?
    }

    @Test func everyOrderRefusalComesBeforeTheOrdersFirstWrite() throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-order-promise")
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: configuration)
        let stats = Collected<WriterBatchStats>()
        let writer = try Writer(configuration: configuration, observers: [StatsObserver(stats: stats)])
        defer { writer.shutdown() }
        let clock = ManualClock(milliseconds: EngineFixture.epoch)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        let market = try MarketService(writer: writer, clock: clock, bus: EventBus(), registry: nil)
        try market.prepare()
        let now = clock.now.rawValue
        let players = try writer.performAndWait { transaction in
            try [("seller", Int64(1_000), Int64(100)), ("buyer", 1_000, 0), ("poor", 10, 0)].map { name, gold, wheat in
                let id = try Players.register(username: name, passwordHash: "hash", role: .player, startingGold: gold,
                                              now: now, in: transaction).id
                if wheat > 0 {
                    try Ledger.grant(wheat, of: .wheat, to: id, reason: .adjustment, reference: nil, now: now,
                                     in: transaction)
                }
                return id
            }
        }
        let (seller, buyer, poor) = (players[0], players[1], players[2])
        let (poorGold, poorWheat) = try configuration.read { connection in
            (try Ledger.playerAccount(playerID: poor, .available, .gold, in: connection).id,
             try Ledger.playerAccount(playerID: poor, .available, .wheat, in: connection).id)
        }
        let resting = try awaitServiceCompletion { market.placeOrder(
            OrderRequest(playerID: seller, resource: .wheat, side: .sell, price: 10, quantity: 10), completion: $0) }
        let transfersBefore = try configuration.read { connection in
            try connection.query("SELECT count(*) AS n FROM transfers")[0].int64("n")
        }

        let cases = [
            // Takes 4 of the resting 10.
            Case(order: OrderRequest(playerID: buyer, resource: .wheat, side: .buy, price: 10, quantity: 4)),
            Case(order: OrderRequest(playerID: poor, resource: .wheat, side: .buy, price: 10, quantity: 5),
                 refusal: .game(.insufficientFunds(accountID: poorGold, asset: .gold, available: 10, requested: 50))),
            Case(order: OrderRequest(playerID: poor, resource: .wheat, side: .sell, price: 10, quantity: 5),
                 refusal: .game(.insufficientFunds(accountID: poorWheat, asset: .wheat, available: 0, requested: 5))),
            // Would cross the resting order: refused before it touches the book.
            Case(order: OrderRequest(playerID: poor, resource: .wheat, side: .buy, price: 10, quantity: 2),
                 refusal: .game(.insufficientFunds(accountID: poorGold, asset: .gold, available: 10, requested: 20))),
            Case(order: OrderRequest(playerID: buyer, resource: .wheat, side: .buy, price: 0, quantity: 1),
                 refusal: .invalidPrice(price: 0, maximum: MarketConfiguration().maxPrice)),
            Case(cancel: (resting.order.id, buyer), refusal: .notOrderOwner(orderID: resting.order.id, playerID: buyer)),
            Case(cancel: (999_999, seller), refusal: .orderNotFound(orderID: 999_999)),
            Case(cancel: (resting.order.id, seller)),
            // The book is empty again: rests.
            Case(order: OrderRequest(playerID: buyer, resource: .wheat, side: .buy, price: 9, quantity: 2)),
        ]
        // Hold the writer in a command so that every order is queued when it takes its next batch.
        let gate = WriterGate()
        gate.close(writer)
        let batchesBefore = stats.all.count
        let results = Collected<(Int, MarketError?)>()
        let answered = DispatchGroup()
        for (index, command) in cases.enumerated() {
            answered.enter()
            let record: @Sendable (MarketServiceError?) -> Void = { error in
                switch error {
                case nil: results.append((index, nil))
                case .rule(let rule): results.append((index, rule))
                case .writeFailed(let other): results.append((index, .unknownResource(name: "\(other)")))
                }
                answered.leave()
            }
            if let order = command.order {
                market.placeOrder(order) { result in record(result.failure) }
            } else if let cancel = command.cancel {
                market.cancelOrder(orderID: cancel.orderID, playerID: cancel.playerID) { result in
                    record(result.failure)
                }
            }
        }
        gate.open()
        #expect(answered.wait(timeout: .now() + 10) == .success)

        let byIndex = Dictionary(uniqueKeysWithValues: results.all)
        for (index, command) in cases.enumerated() {
            #expect(byIndex[index] == .some(command.refusal), "command \(index)")
        }
        let batch = try #require(stats.all.dropFirst(batchesBefore + 1).first)
        #expect(batch.commandCount == cases.count)
        #expect(batch.promisingCommandCount == cases.count)
        #expect(batch.failedCommandCount == cases.count { $0.refusal != nil })
        #expect(!batch.hadBrokenPromise)
        let (poorOrders, poorTransfers, transfersAfter, holdings, failedChecks) = try configuration.read { connection in
            (try connection.query("SELECT count(*) AS n FROM market_orders WHERE player_id = ?", [poor])[0].int64("n"),
             try connection.query("""
                 SELECT count(*) AS n FROM transfers WHERE from_account_id IN (SELECT id FROM accounts WHERE player_id = ?)
                 """, [poor])[0].int64("n"),
             try connection.query("SELECT count(*) AS n FROM transfers")[0].int64("n"),
             try players.map { try Ledger.holdings(playerID: $0, in: connection) },
             try LedgerAudit.run(in: connection).filter { !$0.passed }.map(\.name))
        }
        #expect(poorOrders == 0)
        #expect(poorTransfers == 0)
        // The fill: the escrow, the payment, the fee when there is one, the units (no release at the limit price);
        // then the cancel's release and the resting buy's escrow.
        let fillTransfers: Int64 = MarketConfiguration().fee(on: 40) > 0 ? 4 : 3
        #expect(transfersAfter - transfersBefore == fillTransfers + 2)
        #expect(holdings[0].escrow[.wheat] == 0 && holdings[0].available[.wheat] == 96)
        #expect(holdings[1].available[.wheat] == 4 && holdings[1].escrow[.gold] == 18)
        #expect(holdings[2].available[.gold] == 10 && holdings[2].escrow[.gold] == 0)
        #expect(failedChecks.isEmpty)
    }
}

extension Result {
    /// The error of a failure, nil on success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
