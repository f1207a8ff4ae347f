import ClockTesting
import Engine
import Foundation
import Game
import Jobs
import Locking
import Store
import Synchronization
import Telemetry
import Testing
import TestSupport

@Suite struct ResourceJobsTests {
    static let hour: Int64 = 3_600_000
    static let epoch: Int64 = 1_735_689_600_000

    /// Runs a whole run without interruption; returns the ledger afterwards (the reference for the crash tests).
    static func referenceLedger() throws -> [String] {
        let world = try ResourceJobsWorld()
        let (writer, queue, runner) = try world.node(owner: "reference")
        defer { writer.shutdown() }
        try queue.enqueue(NewJob(kind: SeedSchedules.scheduleResourceUpdates))
        while try runner.runDueJobs() > 0 {}
        return try world.ledger()
    }

    @Test func aRunCompletesInChunksAndPublishesItsEvents() throws {
        let world = try ResourceJobsWorld()
        let (writer, queue, runner) = try world.node(owner: "worker")
        defer { writer.shutdown() }
        try queue.enqueue(NewJob(kind: SeedSchedules.scheduleResourceUpdates))
        while try runner.runDueJobs() > 0 {}
        let run = try #require(try world.read { try ResourceRuns.list(limit: 5, in: $0) }.first)
        #expect(run.status == .completed)
        #expect(run.chunks == 9)
        #expect(run.updatedItems > 0 && run.failedItems == 0)
        #expect(run.yieldedWheat + run.yieldedOre + run.yieldedOil > 0)
        let events = world.log.all
        #expect(events.filter { $0.type == "resource_run_completed" }.count == 1)
        #expect(events.contains { $0.type == "square_updated" && $0.topic.hasPrefix("square:") })
        #expect(Set(events.filter { $0.type == "resources_produced" }.map(\.topic)) == ["player:1", "player:2"])
        // Production paid: each owner's event carries their holdings after the chunk.
        #expect(events.filter { $0.type == "resources_produced" }.allSatisfy {
            String(decoding: $0.dataJSON, as: UTF8.self).contains(#""holdings":{"balances":{"gold":"#)
        })
        #expect(try world.read { try LedgerAudit.run(in: $0) }.flatMap(\.violations) == [])
    }

    @Test func aRunKilledMidwayResumesAndAppliesEveryChunkExactlyOnce() throws {
        let reference = try Self.referenceLedger()
        let world = try ResourceJobsWorld()
        do {
            let (writer, queue, runner) = try world.node(owner: "first-process")
            try queue.enqueue(NewJob(kind: SeedSchedules.scheduleResourceUpdates))
            for _ in 0..<4 { try runner.runDueJobs(limit: 1) }
            // The process claims the next chunk and dies before finishing it.
            let claim = try queue.claim(owner: "first-process", limit: 1)
            #expect(claim.jobs.first?.kind == ResourceJobs.chunkKind)
            writer.shutdown()
        }
        let halfway = try #require(try world.read { try ResourceRuns.list(limit: 1, in: $0) }.first)
        #expect(halfway.status == .running && halfway.chunks == 3)
        world.clock.advance(by: .seconds(120))
        let (writer, _, runner) = try world.node(owner: "second-process")
        defer { writer.shutdown() }
        while try runner.runDueJobs() > 0 {}
        let run = try #require(try world.read { try ResourceRuns.list(limit: 1, in: $0) }.first)
        #expect(run.status == .completed && run.chunks == 9)
        #expect(try world.ledger() == reference)
        #expect(try world.read { try LedgerAudit.run(in: $0) }.flatMap(\.violations) == [])
    }

    @Test func aChunkThatFailsIsRetriedWithoutDoubleEffects() throws {
        let reference = try Self.referenceLedger()
        let world = try ResourceJobsWorld()
        let failures = Atomic<Int>(0)
        let (writer, queue, runner) = try world.node(owner: "worker") { handlers in
            guard case .database(let chunk)? = handlers.handler(for: ResourceJobs.chunkKind) else { return handlers }
            var wrapped = handlers
            wrapped.register(ResourceJobs.chunkKind, .database { context, transaction in
                try chunk(context, transaction)
                if context.job.payload.contains("\"cursor\":1500"), context.attempt == 1 {
                    failures.add(1, ordering: .relaxed)
                    throw CancellationError()
                }
            })
            return wrapped
        }
        defer { writer.shutdown() }
        try queue.enqueue(NewJob(kind: SeedSchedules.scheduleResourceUpdates))
        while try runner.runDueJobs() > 0 {}
        #expect(failures.load(ordering: .relaxed) == 1)
        #expect(try world.ledger() == reference)
    }

    @Test func expansionChecksQueuedTogetherOpenOneRegion() throws {
        let world = try ResourceJobsWorld()
        let (writer, queue, runner) = try world.node(owner: "worker")
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            try transaction.run(
                "UPDATE land_squares SET owner_id = 1 WHERE region_id IN (SELECT id FROM regions WHERE is_open = 1)")
        }
        try queue.enqueue([NewJob(kind: SeedSchedules.checkExpansionNeeds, dedupeKey: "a"),
                           NewJob(kind: SeedSchedules.checkExpansionNeeds, dedupeKey: "b")])
        while try runner.runDueJobs() > 0 {}
        let open = try world.read { try $0.queryOne("SELECT count(*) AS n FROM regions WHERE is_open = 1")?.int64("n") }
        #expect(open == 5)
        #expect(world.log.all.filter { $0.type == "region_opened" }.count == 1)
    }
}

/// A demo world on disk where two players own every 7th open square, all due; chunks of 500 square ids.
final class ResourceJobsWorld: Sendable {
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    /// The one clock of the game rules and the queue.
    let clock = ManualClock(milliseconds: ResourceJobsTests.epoch)
    let events = EventBus()
    let log = Collected<DomainEvent>()

    init() throws {
        directory = try TemporaryDirectory(prefix: "resource-jobs")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        let writer = try Writer(configuration: storeConfiguration)
        defer { writer.shutdown() }
        let now = ResourceJobsTests.epoch
        try writer.performAndWait { transaction in
            _ = try GameSetup.prepare(options: GameSetupOptions(seed: 3), now: now, in: transaction)
            for name in ["ada", "bob"] {
                _ = try Players.register(username: name, passwordHash: "x", role: .player, startingGold: 0, now: now,
                                         in: transaction)
            }
            try transaction.run(
                """
                UPDATE land_squares SET owner_id = 1 + id % 2 WHERE id % 7 = 0
                    AND region_id IN (SELECT id FROM regions WHERE is_open = 1)
                """)
            try transaction.run(
                "UPDATE land_squares SET produced_until = ?1 WHERE resource_kind IN ('mine', 'oil_field')",
                [now - 3 * ResourceJobsTests.hour])
        }
        clock.advance(by: .seconds(3 * 3600))
        events.subscribe { [log] events in log.append(contentsOf: events) }
    }

    var configuration: ResourceConfiguration {
        var configuration = ResourceConfiguration()
        configuration.chunkSquares = 500
        return configuration
    }

    /// A writer, a queue on the manual clock and a runner with the resource handlers (plus `wrap`).
    func node(owner: String, wrap: ((JobHandlers) -> JobHandlers)? = nil) throws -> (Writer, JobQueue, JobRunner) {
        let writer = try Writer(configuration: storeConfiguration)
        var jobsConfiguration = JobsConfiguration(workerCount: 1)
        jobsConfiguration.retryPolicy = JobRetryPolicy(baseDelay: .zero, maxDelay: .zero, jitterFraction: 0)
        let queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        let logger = Logger(label: "resource-jobs-test", level: .error, sink: InMemoryLogSink())
        var handlers = JobHandlers()
        ResourceJobs.register(in: &handlers, land: LandService(queue: queue, configuration: configuration,
                                                               clock: clock, bus: events))
        if let wrap { handlers = wrap(handlers) }
        let runner = JobRunner(owner: owner, queue: queue, handlers: handlers, logger: logger, unitRandom: { 0 })
        return (writer, queue, runner)
    }

    func read<T>(_ body: (Connection) throws -> T) throws -> T { try storeConfiguration.read(body) }

    /// Balances of the two players' available accounts and the number of yield transfers.
    func ledger() throws -> [String] {
        try read { connection in
            try connection.query("SELECT player_id, asset, balance FROM accounts WHERE player_id IS NOT NULL ORDER BY id")
                .map { "\(try $0.int64("player_id")) \(try $0.string("asset")) \(try $0.int64("balance"))" }
                + ["transfers \(try connection.queryOne("SELECT count(*) AS n FROM transfers")?.int64("n") ?? -1)"]
        }
    }

}
