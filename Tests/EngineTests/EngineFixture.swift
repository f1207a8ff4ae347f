@testable import Engine
import ClockTesting
import Foundation
import Game
import GameTesting
import Jobs
import Locking
import Store
import Telemetry
import TestSupport

/// A migrated demo world on disk with the node's four domain services built as the node builds them: one writer, one
/// job queue (no workers; `runner` runs the auction jobs by hand), one bus whose events are collected, one metrics
/// registry, a debug-level in-memory log, and one manual clock shared by the game and the queue.
///
/// `Options` adds the state some suites start from: land owners for the land and player services, the market maker
/// for the marketplace and the operators' actions.
final class EngineFixture {
    /// The state a fixture starts from beyond the demo world.
    struct Options: OptionSet {
        let rawValue: Int

        /// "ada" (player 1) and "bob" (player 2) with 1,000 gold each, and the squares of `LandOwners`: ada owns (0,0),
        /// (1,0), (2,0) and (0,1), the first a level-1 farm, and holds 1,000 of each resource; bob owns (5,5).
        static let landOwners = Options(rawValue: 1 << 0)
        /// The market maker's account and orders (`MarketService.prepare`).
        static let marketMaker = Options(rawValue: 1 << 1)
    }

    static let epoch: Int64 = 1_717_200_000_000
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let clock = ManualClock(milliseconds: EngineFixture.epoch)
    let bus = EventBus()
    let events = Collected<DomainEvent>()
    let logSink = InMemoryLogSink()
    let registry = MetricsRegistry()
    let queue: JobQueue
    let auctions: AuctionService
    let market: MarketService
    let land: LandService
    let players: PlayerService
    /// Runs the auction jobs that are due on the clock.
    let runner: JobRunner
    /// Square ids by "x,y" of `Options.landOwners`.
    private(set) var ids: [String: Int64] = [:]

    init(_ options: Options = [], auctions configure: (inout AuctionServiceConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-engine")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration,
                            preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        bus.subscribe { [events] published in events.append(contentsOf: published) }
        var jobsConfiguration = JobsConfiguration(workerCount: 0)
        jobsConfiguration.retryPolicy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), jitterFraction: 0)
        queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        market = try MarketService(writer: writer, clock: clock, bus: bus, registry: registry)
        var configuration = AuctionServiceConfiguration()
        configuration.market = market.configuration
        configure(&configuration)
        let logger = Logger(label: "engine-test", level: .debug, sink: logSink)
        auctions = try AuctionService(writer: writer, queue: queue, clock: clock, bus: bus, configuration: configuration,
                                      registry: registry, logger: logger)
        land = LandService(queue: queue, clock: clock, bus: bus)
        players = PlayerService(writer: writer, clock: clock, startingGold: 1_000, bus: bus)
        var handlers = JobHandlers()
        AuctionJobs.register(in: &handlers, auctions: auctions)
        runner = JobRunner(owner: "test", queue: queue, handlers: handlers, logger: logger, unitRandom: { 0 })
        if options.contains(.marketMaker) { try market.prepare() }
        if options.contains(.landOwners) { ids = try seedLandOwners() }
    }

    deinit { writer.shutdown() }

    private func seedLandOwners() throws -> [String: Int64] {
        let now = Self.epoch
        return try writer.performAndWait { transaction in
            for name in ["ada", "bob"] {
                _ = try Players.register(username: name, passwordHash: "hash-\(name)", role: .player,
                                         startingGold: 1_000, now: now, in: transaction)
            }
            return try LandOwners.seed(now: now, in: transaction)
        }
    }

    /// The id of the square at "x,y" of `Options.landOwners` (a missing one is an id no square has).
    func id(_ position: String) -> Int64 { ids[position] ?? 999_999 }

    /// Starts a service call and waits (at most 10 s) for its one completion. A failure is thrown as the rule's error
    /// when the service wraps one (`AuctionServiceError.rule`, `MarketServiceError.underlying`).
    func wait<T: Sendable, Failure: Error>(_ start: (@escaping @Sendable (Result<T, Failure>) -> Void) -> Void) throws -> T {
        let result = Locked<Result<T, Failure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        start { outcome in
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + 10) == .success, let outcome = result.withLock({ $0 }) else {
            throw CancellationError()
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error as AuctionServiceError):
            if case .rule(let rule) = error { throw rule }
            throw error
        case .failure(let error as MarketServiceError): throw error.underlying
        case .failure(let error): throw error
        }
    }

    /// The error a service call completed with, or nil when it succeeded.
    func failure<T: Sendable, Failure: Error>(_ start: (@escaping @Sendable (Result<T, Failure>) -> Void) -> Void)
        -> (any Error)? {
        do {
            _ = try wait(start)
            return nil
        } catch {
            return error
        }
    }

    /// Runs `body` on a read-only connection of its own.
    func read<T>(_ body: (Connection) throws -> T) throws -> T { try storeConfiguration.read(body) }

    /// Rows of the tables a land or player write could change, and the sum of all balances.
    func rowCounts() throws -> [String: Int64] {
        try storeConfiguration.rowCounts(["players", "accounts", "transfers", "land_merges", "jobs"])
    }

    /// The ledger audit's failed checks, each with its violations.
    func failedChecks() throws -> [String] {
        try read { try LedgerAudit.run(in: $0) }.filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
    }
}
