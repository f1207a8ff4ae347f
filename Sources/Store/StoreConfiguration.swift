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
    /// After a batch of several commands, how long the writer waits at most for as many commands as that batch
    /// completed plus those queued meanwhile before it takes the next batch: submitters that answer a completion with
    /// their next command at once (the event loops do) then share one fsync instead of splitting into batches that
    /// each pay one. Zero never waits; a batch of one never waits. Default 100 µs.
    public var batchGatherWindow: Duration

    /// A configuration for the database at `path` with the defaults above.
    public init(path: String) {
        self.path = path
        self.synchronous = .full
        self.busyTimeout = .seconds(5)
        self.maxBatchCommands = 256
        self.maxQueuedCommands = 100_000
        self.batchGatherWindow = .microseconds(100)
    }

    /// `busyTimeout` in whole milliseconds, clamped to what `sqlite3_busy_timeout` accepts.
    var busyTimeoutMilliseconds: Int32 {
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
