import ClockTesting
import Dispatch
import Engine
import Game
import Jobs
import Store
import Telemetry
import Testing
import TestSupport

/// A bid is submitted with `WriterCommandPromise.failsOnlyBeforeFirstWrite`, so in a busy batch it runs without a
/// savepoint. This checks the promise on the real service: every refusal a bid can meet (no such auction, not open,
/// ended, own land, too low, not enough gold) comes before its first write, so a batch mixing accepted and refused
/// bids never runs twice, the refused ones change nothing and the accepted ones commit, with and without an
/// event bus.
@Suite struct AuctionBidPromiseTests {
    /// Keeps every committed batch's stats.
    struct StatsObserver: WriterObserver {
        let stats: Collected<WriterBatchStats>

        func didCommit(_ batch: WriterBatchStats) { stats.append(batch) }
    }

    /// One bid of the batch and what it must end with (nil: accepted).
    struct Case: Sendable {
        var auctionID: Int64
        var playerID: Int64
        var amount: Int64
        var refusal: AuctionError?
    }

    /// With a bus the service moves the bid's gold through the command's `LedgerAccounts`; without one through
    /// `Ledger.move`: both paths must keep the promise.
    @Test(arguments: [false, true])
    func everyBidRefusalComesBeforeTheBidsFirstWrite(publishesEvents: Bool) throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-bid-promise")
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: configuration)
        let stats = Collected<WriterBatchStats>()
        let writer = try Writer(configuration: configuration, observers: [StatsObserver(stats: stats)])
        defer { writer.shutdown() }
        let clock = ManualClock(milliseconds: EngineFixture.epoch)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        let queue = JobQueue(writer: writer, clock: clock, configuration: JobsConfiguration(workerCount: 0))
        let auctions = try AuctionService(writer: writer, queue: queue, clock: clock, bus: publishesEvents ? EventBus() : nil,
                                          registry: nil, logger: Logger(label: "bid-promise", level: .info, sink: InMemoryLogSink()))
        let now = clock.now.rawValue
        let players = try writer.performAndWait { transaction in
            try [("ada", 1_000), ("bob", 1_000), ("cat", 1_000), ("dan", 1_000), ("poor", 10)].map { name, gold in
                try Players.register(username: name, passwordHash: "hash", role: .player, startingGold: Int64(gold),
                                     now: now, in: transaction).id
            }
        }
        let (ada, bob, cat, dan, poor) = (players[0], players[1], players[2], players[3], players[4])
        let squares = try configuration.read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT 5")
                .map { try $0.int64("id") }
        }
        try #require(squares.count == 5)
        func create(_ type: String, _ square: Int64, start: Int64 = 0, seconds: Int64 = 3_600,
                    ownerID: Int64? = nil) throws -> Int64 {
            try awaitServiceCompletion { completion in
                auctions.createAuction(NewAuction(auctionType: type, landSquares: [square], startTime: now + start,
                                                  endTime: now + start + seconds * 1_000, reservePrice: 0,
                                                  ownerID: ownerID),
                                       completion: completion)
            }.id
        }
        let blind = try create("blind", squares[0])
        let open = try create("open", squares[1])
        let scheduled = try create("blind", squares[2], start: 600_000)
        let ending = try create("blind", squares[3], seconds: 1)
        try writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = ?", [dan, squares[4]])
        }
        let danLand = try create("blind", squares[4], ownerID: dan)
        _ = try awaitServiceCompletion { auctions.placeBid(auctionID: open, playerID: ada, amount: 100, completion: $0) }
        _ = try awaitServiceCompletion { auctions.placeBid(auctionID: blind, playerID: ada, amount: 50, completion: $0) }
        clock.advance(by: .seconds(2))

        let cases = [
            Case(auctionID: open, playerID: bob, amount: 200),  // outbids ada: her escrow is released
            Case(auctionID: open, playerID: cat, amount: 150, refusal: .bidTooLow(auctionID: open, minimumAmount: 201)),
            Case(auctionID: blind, playerID: ada, amount: 80),  // replaces her 50
            Case(auctionID: blind, playerID: poor, amount: 500, refusal: .insufficientFunds(auctionID: blind)),
            Case(auctionID: 999_999, playerID: bob, amount: 10, refusal: .auctionNotFound(auctionID: 999_999)),
            Case(auctionID: scheduled, playerID: cat, amount: 10, refusal: .notOpen(auctionID: scheduled, status: .scheduled)),
            Case(auctionID: ending, playerID: cat, amount: 10, refusal: .ended(auctionID: ending, endTime: now + 1_000)),
            Case(auctionID: danLand, playerID: dan, amount: 10, refusal: .ownLand(auctionID: danLand)),
            Case(auctionID: blind, playerID: cat, amount: 60),
        ]
        // Hold the writer in a command so that every bid is queued when it takes its next batch.
        let gate = WriterGate()
        gate.close(writer)
        let batchesBefore = stats.all.count
        let results = Collected<(Int, AuctionError?)>()
        let answered = DispatchGroup()
        for (index, bid) in cases.enumerated() {
            answered.enter()
            auctions.placeBid(auctionID: bid.auctionID, playerID: bid.playerID, amount: bid.amount) { result in
                switch result {
                case .success: results.append((index, nil))
                case .failure(.rule(let rule)): results.append((index, rule))
                case .failure(let other): results.append((index, .invalidAuction(reason: "\(other)")))
                }
                answered.leave()
            }
        }
        gate.open()
        #expect(answered.wait(timeout: .now() + 10) == .success)

        let byIndex = Dictionary(uniqueKeysWithValues: results.all)
        for (index, bid) in cases.enumerated() {
            #expect(byIndex[index] == .some(bid.refusal), "bid \(index)")
        }
        let batch = try #require(stats.all.dropFirst(batchesBefore + 1).first)
        #expect(batch.commandCount == cases.count)
        #expect(batch.promisingCommandCount == cases.count)
        #expect(batch.failedCommandCount == cases.count { $0.refusal != nil })
        #expect(!batch.hadBrokenPromise)
        let (escrows, failedChecks) = try configuration.read { connection in
            (try players.map { try Ledger.holdings(playerID: $0, in: connection).escrow[.gold] ?? 0 },
             try LedgerAudit.run(in: connection).filter { !$0.passed }.map(\.name))
        }
        #expect(escrows == [80, 200, 60, 0, 0])
        #expect(failedChecks.isEmpty)
    }
}
