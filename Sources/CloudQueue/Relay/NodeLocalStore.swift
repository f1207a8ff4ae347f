import Clocks
import Jobs
import Store
import Telemetry

/// The node-local database `<data-dir>/local.sqlite`: its own Writer, migrations (the game schema's migrations, so
/// its `jobs` table always matches what `JobTable` expects, plus `remote_job_receipts`) and `JobSystem`, where
/// cross-node jobs received from the queue wait and run. Only `jobs`, `schedules` and `remote_job_receipts` are used;
/// the other game tables stay empty.
///
/// Exists because a standby's game database is a read-only replica: the consumer's job queue and dedupe state must
/// be writable on every node, primary or standby. Never replicated. Created and stopped by the node's lifecycle; its Writer thread owns
/// the local write connection, its workers run the received jobs.
public final class NodeLocalStore: Sendable {
    public let writer: Writer
    public let queue: JobQueue
    public let jobs: JobSystem
    public let storeConfiguration: StoreConfiguration

    /// Opens (creating and migrating) the local database at `path`.
    /// - Parameters:
    ///   - gameMigrations: the game schema's migrations (the binary's embedded ones), for the local `jobs` table.
    ///   - handlers: handlers of the kinds that may arrive from the other node.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String, gameMigrations: [Migration], handlers: JobHandlers,
                configuration: JobsConfiguration, logger: Logger, clock: any WallClock = SystemClock()) throws {
        storeConfiguration = StoreConfiguration(path: path)
        let connection = try Connection(configuration: storeConfiguration, readOnly: false)
        do {
            let receipts = try Migration(fileName: RemoteJobReceipts.migrationFile.name, contents: RemoteJobReceipts.migrationFile.contents)
            _ = try Migrator.apply(gameMigrations + [receipts], to: connection)
            connection.close()
        } catch {
            connection.close()
            throw error
        }
        var configuration = configuration
        configuration.remoteKinds = []
        writer = try Writer(configuration: storeConfiguration)
        jobs = try JobSystem(writer: writer, configuration: configuration, handlers: handlers, schedules: [], registry: nil,
                             logger: logger, clock: clock)
        queue = jobs.queue
    }

    /// Starts the local workers.
    public func start() throws {
        try jobs.start()
    }

    /// Stops the workers, then the writer.
    public func stop(deadline: Duration) {
        jobs.stop(deadline: deadline)
        writer.shutdown()
    }
}
