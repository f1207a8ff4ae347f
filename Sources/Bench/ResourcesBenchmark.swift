import App
import Clocks
import Engine
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// `worldgame bench resources`: one resource update run over a generated world of `squares` squares (1,000,000 by
/// default), through the real job machinery (start job, then one database-only job per chunk, synchronous=FULL).
///
/// The world is generated first (regions of 256 squares in a grid, seed 1, not timed); every 10th square is owned by
/// one of 1,000 players and every resource is due. Reported: squares in the world per second of run time, resource
/// squares updated per second, total run time (goal: under 10 s), chunk latency p50/p99 and writer hold per chunk.
/// Runs repeat (the clock advanced one period each time) until `seconds` of run time have passed; at least one.
struct ResourcesBenchmark {
    var seconds: Double
    var squares: Int = 1_000_000

    func run() throws -> String {
        let database = try BenchDatabase("resources")
        defer { database.remove() }
        let storeConfiguration = database.configuration
        let writer = try Writer(configuration: storeConfiguration,
                                preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))   // as `Node` wires it
        defer { writer.shutdown() }
        let configuration = ResourceConfiguration()
        let clock = SimulatedGameTime(startingAt: UnixMilliseconds(1_735_689_600_000))
        let generationStart = ContinuousClock.now
        let stored = try generateWorld(writer: writer, now: clock.now.rawValue)
        let generation = ContinuousClock.now - generationStart
        var text = "bench resources: resource update runs over \(stored) generated squares, synchronous=FULL, "
            + "chunks of \(configuration.chunkSquares) square ids\n"
        text += "world generation (not timed in the run): \(String(format: "%.1f", generation.seconds)) s\n"
        text += "run".padding(toLength: 6, withPad: " ", startingAt: 0) + "total s".leftPadded(10) + "squares/s".leftPadded(12)
            + "updated".leftPadded(10) + "updated/s".leftPadded(12) + "chunks".leftPadded(8) + "chunk p50 ms".leftPadded(14)
            + "chunk p99 ms".leftPadded(14) + "\n"
        var measured = Duration.zero
        var runNumber = 0
        var firstTotal = Duration.zero
        repeat {
            clock.advance(by: .seconds(configuration.productionPeriodMilliseconds / 1000))
            runNumber += 1
            let result = try measureRun(writer: writer, clock: clock, configuration: configuration)
            measured += result.elapsed
            if runNumber == 1 { firstTotal = result.elapsed }
            let totalSeconds = max(result.elapsed.seconds, 1e-9)
            text += "\(runNumber)".padding(toLength: 6, withPad: " ", startingAt: 0)
                + String(format: "%.2f", totalSeconds).leftPadded(10)
                + String(format: "%.0f", Double(stored) / totalSeconds).leftPadded(12)
                + "\(result.updated)".leftPadded(10)
                + String(format: "%.0f", Double(result.updated) / totalSeconds).leftPadded(12)
                + "\(result.chunks)".leftPadded(8)
                + String(format: "%.1f", result.chunkSummary.p50.milliseconds).leftPadded(14)
                + String(format: "%.1f", result.chunkSummary.p99.milliseconds).leftPadded(14) + "\n"
        } while measured.seconds < seconds
        text += "goal: a run over 1,000,000 squares in under 10 s; first run " + String(format: "%.2f", firstTotal.seconds)
            + " s (" + (firstTotal.seconds < 10 ? "met" : "NOT met") + ")\n"
        return text
    }

    /// Generates regions of 256 squares in a square grid around the origin until `squares` are stored, then owners.
    private func generateWorld(writer: Writer, now: Int64) throws -> Int {
        let regions = (squares + 255) / 256
        let side = Int(Double(regions).squareRoot().rounded(.up))
        let coordinates = (0..<regions).map { index in (Int64(index % side - side / 2), Int64(index / side - side / 2)) }
        try writer.performAndWait { transaction in
            _ = try GameSetup.prepare(options: GameSetupOptions(seed: 1, isDemo: false), now: now, in: transaction)
            for number in 1...1_000 {
                _ = try Players.register(username: "bench\(number)", passwordHash: "x", role: .player, startingGold: 0,
                                         now: now, in: transaction)
            }
        }
        for start in stride(from: 0, to: coordinates.count, by: 128) {
            let slice = Array(coordinates[start..<min(coordinates.count, start + 128)])
            try writer.performAndWait { transaction in
                for (x, y) in slice {
                    try World.generateRegion(regionX: x, regionY: y, isOpen: true, seed: 1, now: now, in: transaction)
                }
            }
        }
        let count = try writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = 1 + (id / 10) % 1000 WHERE id % 10 = 0")
            try transaction.run("UPDATE land_squares SET produced_until = ?1 WHERE resource_kind IN ('mine', 'oil_field')",
                                [now])
            return try transaction.queryOne("SELECT count(*) AS n FROM land_squares")?.int("n") ?? 0
        }
        // The owners above went in by SQL that does not store the squares' objects: store them as a primary's
        // backfill does, so the run starts from the state a node reaches.
        try SquareObjects.backfill(writer: writer)
        // Move the generated world from the WAL into the database file now, so the run does not pay for it.
        let connection = try Connection(configuration: writer.configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count
    }

    /// One run: the start job, then chunk jobs until none is left, on this thread through a `JobRunner`.
    private func measureRun(writer: Writer, clock: SimulatedGameTime, configuration: ResourceConfiguration) throws
        -> (elapsed: Duration, updated: Int64, chunks: Int64, chunkSummary: LatencySummary) {
        let queue = JobQueue(writer: writer, clock: clock)
        let logger = Logger(label: "bench-resources", level: .error, sink: JSONLinesSink(fileDescriptor: 2))
        var handlers = JobHandlers()
        ResourceJobs.register(in: &handlers, land: LandService(queue: queue, configuration: configuration, clock: clock,
                                                               bus: EventBus()))
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let runner = JobRunner(owner: "bench", queue: queue, handlers: handlers, logger: logger) { report in
            guard case .done = report.outcome else { return failures.record() }
            if report.job.kind == ResourceJobs.chunkKind { recorder.merge([report.duration]) }
        }
        let start = ContinuousClock.now
        try queue.enqueue(NewJob(kind: SeedSchedules.scheduleResourceUpdates))
        while try runner.runDueJobs() > 0 {}
        let elapsed = ContinuousClock.now - start
        if failures.count > 0 { throw BenchmarkError.commandsFailed(count: failures.count) }
        let run = try writer.performAndWait { transaction in try ResourceRuns.list(limit: 1, in: transaction).first }
        guard let run, run.status == .completed else { throw BenchmarkError.commandsFailed(count: 1) }
        let summary = recorder.summary(elapsed: elapsed)
        return (elapsed, run.updatedItems, run.chunks, summary)
    }
}
