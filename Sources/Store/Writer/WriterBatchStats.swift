/// What one committed writer batch cost, for `worldgame_writer_batch_commands` and
/// `worldgame_writer_commit_duration_seconds`.
public struct WriterBatchStats: Sendable {
    /// Commands in the batch, including those that failed alone.
    public var commandCount: Int
    /// Commands whose savepoint rolled back because they threw.
    public var failedCommandCount: Int
    /// Time spent in COMMIT (the fsync).
    public var commitDuration: Duration
    /// Time from BEGIN to the end of COMMIT.
    public var batchDuration: Duration
    /// Whether the batch changed any row (its COMMIT had pages to write, so it proves the disk took a write).
    public var hasChanges: Bool

    public init(commandCount: Int, failedCommandCount: Int, commitDuration: Duration, batchDuration: Duration,
                hasChanges: Bool = false) {
        self.commandCount = commandCount
        self.failedCommandCount = failedCommandCount
        self.commitDuration = commitDuration
        self.batchDuration = batchDuration
        self.hasChanges = hasChanges
    }
}
