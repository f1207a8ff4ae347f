/// What one committed writer batch cost, for `worldgame_writer_batch_commands` and
/// `worldgame_writer_commit_duration_seconds`.
public struct WriterBatchStats: Sendable {
    /// Commands in the batch, including those that failed alone.
    public var commandCount: Int
    /// Commands that threw (their savepoint, or the batch before it ran again, rolled back).
    public var failedCommandCount: Int
    /// Time spent in COMMIT (the fsync).
    public var commitDuration: Duration
    /// Time from BEGIN to the end of COMMIT.
    public var batchDuration: Duration
    /// Whether the batch changed any row (its COMMIT had pages to write, so it proves the disk took a write).
    public var hasChanges: Bool
    /// Whether a command that promised to fail only before its first write threw after changing rows, so the batch
    /// rolled back and its other commands ran again, each in a savepoint (`WriterCommandPromise`): a command declared
    /// wrongly, which costs its batch a second run.
    public var hadBrokenPromise: Bool
    /// Commands that promised to fail only before their first write (run without a savepoint of their own unless the
    /// batch ran again).
    public var promisingCommandCount: Int

    public init(commandCount: Int, failedCommandCount: Int, commitDuration: Duration, batchDuration: Duration,
                hasChanges: Bool = false, hadBrokenPromise: Bool = false, promisingCommandCount: Int = 0) {
        self.commandCount = commandCount
        self.failedCommandCount = failedCommandCount
        self.commitDuration = commitDuration
        self.batchDuration = batchDuration
        self.hasChanges = hasChanges
        self.hadBrokenPromise = hadBrokenPromise
        self.promisingCommandCount = promisingCommandCount
    }
}
