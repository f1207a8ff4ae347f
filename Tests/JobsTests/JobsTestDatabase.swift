import ClockTesting
import Foundation
import Jobs
import Locking
import Store
import Telemetry
import TestSupport

/// A migrated database in a temporary directory with a writer, a manual clock and a queue: the fixture of most tests.
///
/// The migrations are the repository's own `migrations/*.sql`, read from the source tree.
final class JobsTestDatabase: Sendable {
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let clock: ManualClock
    let queue: JobQueue
    let logSink = InMemoryLogSink()

    init(_ configure: (inout JobsConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "jobs-test")
        storeConfiguration = StoreConfiguration(path: directory.file("jobs.db"))
        let connection = try Connection(configuration: storeConfiguration, readOnly: false)
        _ = try Migrator.apply(try TestMigrations.all(), to: connection)
        try connection.execute("""
            CREATE TABLE effects(id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '') STRICT
            """)
        connection.close()
        writer = try Writer(configuration: storeConfiguration)
        clock = ManualClock()
        var configuration = JobsConfiguration(workerCount: 2)
        configuration.retryPolicy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(60), jitterFraction: 0)
        configure(&configuration)
        queue = JobQueue(writer: writer, clock: clock, configuration: configuration)
    }

    deinit { writer.shutdown() }

    var logger: Logger { Logger(label: "jobs-test", level: .debug, sink: logSink) }

    /// A runner over `handlers` with a fixed lease owner.
    func runner(_ handlers: JobHandlers, owner: String = "test-worker", observer: JobObserver? = nil) -> JobRunner {
        JobRunner(owner: owner, queue: queue, handlers: handlers, logger: logger, observer: observer, unitRandom: { 0 })
    }

    /// Runs `body` on a fresh read-only connection.
    func read<T>(_ body: (Connection) throws -> T) throws -> T { try storeConfiguration.read(body) }

    func job(_ id: Int64) throws -> Job? {
        try read { try JobTable.find(id: id, in: $0) }
    }

    func count(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int {
        try read { try $0.queryOne(sql, arguments)?.int("n") ?? -1 }
    }

    /// Rows in `effects` for `jobID`.
    func effectCount(jobID: Int64) throws -> Int {
        try count("SELECT count(*) AS n FROM effects WHERE job_id = ?1", [jobID])
    }

    /// A database-only handler that inserts one `effects` row per run.
    static let insertEffect = JobHandler.database { context, transaction in
        try transaction.run("INSERT INTO effects(job_id) VALUES (?1)", [context.job.id])
    }
}
