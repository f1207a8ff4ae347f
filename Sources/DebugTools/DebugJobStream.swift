import App
import Foundation
import Jobs
import Store
import Telemetry

/// `worldgame debug job-stream`: a database-only job load whose effects a crash test counts after SIGKILLs.
///
/// Applies the embedded migrations to `--db`, enqueues `--jobs` jobs once (atomically with a seed marker, so a restart
/// never enqueues again), then drains them with `--workers` worker threads. Each job's handler inserts one row into
/// `job_stream_effects` inside the job's own writer command, so after any number of kills and restarts the table must
/// hold exactly one row per job. Leases are 1 s so a restart reclaims the killed run's jobs quickly. Prints `ready`
/// once the workers run, `progress <done>` now and then, and `finished <effects>` before exiting 0.
public enum DebugJobStream {
    /// The job kind the stream enqueues.
    static let kind = "debug.jobStream.effect"

    static let options: [CommandOption] = [
        .value("db", "PATH", "Database file"),
        .value("jobs", "N", "Jobs to enqueue on the first run", default: "10000"),
        .value("workers", "N", "Worker threads", default: "4"),
    ]

    /// worldgame debug job-stream --db PATH [--jobs N] [--workers N]
    /// Returns 0 when every job is done, 1 on a failure, 2 for bad arguments.
    public static func run(arguments: [String]) -> Int32 {
        let path: String
        let jobCount: Int
        let workerCount: Int
        do {
            let parsed = try ParsedArguments(commandName: "debug job-stream", arguments: arguments, options: options,
                                             environment: [:])
            guard let database = parsed.string("db") else {
                throw CommandLineError.missingArgument(command: "debug job-stream", what: "--db PATH")
            }
            path = database
            jobCount = try parsed.integer("jobs", default: 10_000, range: 0...10_000_000)
            workerCount = try parsed.integer("workers", default: 4, range: 1...256)
        } catch {
            writeError("worldgame debug job-stream: \(error)\n")
            return 2
        }
        do {
            return try drain(path: path, jobCount: jobCount, workerCount: workerCount)
        } catch {
            writeError("worldgame debug job-stream: \(error)\n")
            return 1
        }
    }

    private static func drain(path: String, jobCount: Int, workerCount: Int) throws -> Int32 {
        let storeConfiguration = StoreConfiguration(path: path)
        try DatabaseSetup.migrate(storeConfiguration)
        let writer = try Writer(configuration: storeConfiguration)
        defer { writer.shutdown() }
        var configuration = JobsConfiguration(workerCount: workerCount)
        configuration.leaseDuration = .seconds(1)
        configuration.idleWait = .milliseconds(100)
        configuration.ownerPrefix = "job-stream"
        let queue = JobQueue(writer: writer, configuration: configuration)
        try seed(queue: queue, jobCount: jobCount)
        var handlers = JobHandlers()
        handlers.register(kind, .database { context, transaction in
            try transaction.run("INSERT INTO job_stream_effects(job_id, attempt) VALUES (?1, ?2)",
                                [context.job.id, context.attempt])
        })
        let logger = Logger(label: "job-stream", level: .error, sink: JSONLinesSink(fileDescriptor: 2))
        let pool = JobWorkerPool(queue: queue, handlers: handlers, logger: logger)
        pool.start()
        defer { pool.stop(deadline: .seconds(5)) }
        writeOutput("ready\n")
        let reader = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { reader.close() }
        while true {
            let counts = try reader.queryOne("""
                SELECT count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state <> 'done') AS left
                FROM jobs WHERE kind = ?1
                """, [kind])
            let done = try counts?.int("done") ?? 0
            writeOutput("progress \(done)\n")
            if try counts?.int("left") ?? 0 == 0 { break }
            usleep(50_000)
        }
        let effects = try reader.queryOne("SELECT count(*) AS effects FROM job_stream_effects")?.int("effects") ?? 0
        writeOutput("finished \(effects)\n")
        return 0
    }

    /// Creates the effects table and, on the first run only, enqueues the jobs in one transaction with the seed marker.
    private static func seed(queue: JobQueue, jobCount: Int) throws {
        try queue.writer.performAndWait { transaction in
            try transaction.execute("""
                CREATE TABLE IF NOT EXISTS job_stream_effects(
                    id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL, attempt INTEGER NOT NULL) STRICT;
                CREATE TABLE IF NOT EXISTS job_stream_seed(id INTEGER PRIMARY KEY, job_count INTEGER NOT NULL) STRICT;
                """)
            guard try transaction.queryOne("SELECT job_count FROM job_stream_seed WHERE id = 1") == nil else { return }
            for number in 0..<jobCount {
                _ = try queue.enqueue(NewJob(kind: kind, payload: "{\"n\":\(number)}", maxAttempts: 1000), in: transaction)
            }
            try transaction.run("INSERT INTO job_stream_seed(id, job_count) VALUES (1, ?1)", [jobCount])
        }
    }

    private static func writeOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
