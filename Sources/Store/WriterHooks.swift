/// Callbacks through which the `Writer` reports to the layers above it (metrics, replication) without importing them.
///
/// All hooks run on the writer thread, so they must be quick and must never block on the writer.
public struct WriterHooks: Sendable {
    /// Runs inside the batch transaction after every command, before COMMIT (replication appends its log row here).
    /// If it throws, the whole batch rolls back and every command in it fails with that error.
    public var beforeCommit: (@Sendable (Transaction, _ batchCommandCount: Int) throws -> Void)?
    /// Runs after a batch committed durably, before its commands complete.
    public var batchCommitted: (@Sendable (WriterBatchStats) -> Void)?
    /// Runs after a batch failed as a whole (BEGIN, a savepoint, the hook or COMMIT failed) and was rolled back.
    public var batchFailed: (@Sendable (any Error) -> Void)?

    /// No hooks.
    public init() {}
}
