/// Where the database lives and how connections to it behave.
///
/// An immutable value shared by the `Writer`, the `ReaderPool` and one-off connections (migrations, tools).
public struct StoreConfiguration: Sendable {
    /// The database file path. Its `-wal` and `-shm` companions live beside it.
    public var path: String
    /// `PRAGMA synchronous` for read-write connections. Default `.full` (a commit is durable when it returns).
    public var synchronous: SynchronousMode
    /// How long a connection waits on a lock held by another process before failing with `SQLITE_BUSY`. Default 5 s.
    public var busyTimeout: Duration
    /// The writer takes at most this many queued commands per batch (one transaction, one fsync). Default 256.
    public var maxBatchCommands: Int
    /// Commands submitted while this many are already queued fail fast with `StoreError.writerOverloaded`. Default 100 000.
    public var maxQueuedCommands: Int

    /// A configuration for the database at `path` with the defaults above.
    public init(path: String) {
        self.path = path
        self.synchronous = .full
        self.busyTimeout = .seconds(5)
        self.maxBatchCommands = 256
        self.maxQueuedCommands = 100_000
    }

    /// `busyTimeout` in whole milliseconds, clamped to what `sqlite3_busy_timeout` accepts.
    var busyTimeoutMilliseconds: Int32 {
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
