import ClockTesting
import Engine
import Foundation
import Game
import Jobs
import Locking
import Store
import Telemetry
import TestSupport

/// A demo world with an `AuctionService` over its own job queue, a manual clock shared by the game and the queue, a job runner with the
/// auction handlers, and a bus whose events are collected.
final class AuctionServiceFixture {
    static let epoch: Int64 = 1_717_200_000_000
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let clock = ManualClock(milliseconds: AuctionServiceFixture.epoch)
    let bus = EventBus()
    let events = CollectedEvents()
    let logSink = InMemoryLogSink()
    let registry = MetricsRegistry()
    let engine: AuctionService
    let runner: JobRunner

    init(_ configure: (inout AuctionServiceConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-engine")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        let events = events
        bus.subscribe { published in events.withLock { $0 += published } }
        var configuration = AuctionServiceConfiguration()
        configure(&configuration)
        var jobsConfiguration = JobsConfiguration(workerCount: 0)
        jobsConfiguration.retryPolicy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), jitterFraction: 0)
        let logger = Logger(label: "engine-test", level: .debug, sink: logSink)
        let queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        engine = try AuctionService(writer: writer, queue: queue, clock: clock, bus: bus, configuration: configuration,
                                    registry: registry, logger: logger)
        var handlers = JobHandlers()
        AuctionJobs.register(in: &handlers, auctions: engine)
        runner = JobRunner(owner: "test", queue: engine.queue, handlers: handlers, logger: logger, unitRandom: { 0 })
    }

    deinit { writer.shutdown() }


    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        return try body(connection)
    }

    func register(_ name: String, gold: Int64 = 1_000) throws -> Player {
        let now = clock.now.rawValue
        return try writer.performAndWait { transaction in
            try Players.register(username: name, passwordHash: "x", role: .player, startingGold: gold, now: now,
                                 in: transaction)
        }
    }

    func openSquares(_ count: Int) throws -> [Int64] {
        try read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?", [Int64(count)])
                .map { try $0.int64("id") }
        }
    }

    /// Waits for a completion-style service call; a failure is thrown as the rule's `AuctionError` when it is one.
    func wait<T: Sendable>(_ call: (@escaping @Sendable (Result<T, AuctionServiceError>) -> Void) -> Void) throws -> T {
        let box = Locked<Result<T, AuctionServiceError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        call { result in
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch box.withLock({ $0 })! {
        case .success(let value): return value
        case .failure(.rule(let error)): throw error
        case .failure(let error): throw error
        }
    }

    func create(_ type: String, squares: [Int64], seconds: Int64, reserve: Int64 = 0) throws -> Auction {
        let now = clock.now.rawValue
        return try wait { completion in
            engine.createAuction(NewAuction(auctionType: type, landSquares: squares, startTime: now,
                                            endTime: now + seconds * 1000, reservePrice: reserve), completion: completion)
        }
    }

    @discardableResult
    func bid(_ auctionID: Int64, _ player: Player, _ amount: Int64) throws -> BidOutcome {
        try wait { completion in engine.placeBid(auctionID: auctionID, playerID: player.id, amount: amount, completion: completion) }
    }

    func auction(_ id: Int64) throws -> Auction? { try read { try Auctions.find(id: id, in: $0) } }

    func jobs(kind: String) throws -> [Job] {
        try read { try JobTable.list(state: nil, kind: kind, limit: 10_000, in: $0) }
    }

    func failedChecks() throws -> [String] {
        try read { try LedgerAudit.run(in: $0) }.filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
    }

    func escrow(_ player: Player) throws -> Int64 {
        try read { try Ledger.holdings(playerID: player.id, in: $0) }.escrow[.gold] ?? 0
    }
}

/// The events a test bus delivered, shared between the writer thread (publishing) and the test.
final class CollectedEvents: Sendable {
    private let events = Locked<[DomainEvent]>([])

    func withLock<T>(_ body: (inout [DomainEvent]) -> T) -> T { events.withLock { body(&$0) } }
}
