/// Callbacks through which the `Writer` reports to the layers above it (metrics, replication) without importing them.
///
/// All hooks run on the writer thread, so they must be quick and must never block on the writer.
public struct WriterHooks: Sendable {
    /// Runs inside the batch transaction after every command, before COMMIT (replication appends its log row here).
    /// If it throws, the whole batch rolls back and every command in it fails with that error.
    public var beforeCommit: (@Sendable (Transaction, _ batchCommandCount: Int) throws -> Void)?
    /// Like `beforeCommit` (and run after it), with what the batch did: its changeset when `changeCapture` is set, and
    /// the attachments its committed commands left with `Transaction.attach(_:)`. Throwing rolls the batch back.
    /// `afterCommit` actions registered by the hooks run before the commands' own actions and completions.
    public var beforeCommitBatch: (@Sendable (Transaction, WriterBatch) throws -> Void)?
    /// When set, every batch is recorded with the SQLite session extension (tables outside `excludedTables`) and
    /// `beforeCommitBatch` receives its changeset.
    public var changeCapture: WriterChangeCapture?
    /// Runs after a batch committed durably, before its commands complete.
    public var batchCommitted: (@Sendable (WriterBatchStats) -> Void)?
    /// Runs after a batch failed as a whole (BEGIN, a savepoint, the hook or COMMIT failed) and was rolled back.
    public var batchFailed: (@Sendable (any Error) -> Void)?
    /// Runs when a batch or one of its commands failed because the disk refused a write (`StoreError.isStorageFull`:
    /// SQLITE_FULL, or an I/O error writing or syncing), before the commands complete.
    public var storageFailed: (@Sendable (StoreError) -> Void)?
    /// When set, receives each committed batch's completions (its commands' `afterCommit` actions and results, in
    /// submission order) as one `WriterHeldBatch` instead of the writer running them at once: sync replication
    /// releases it once the standby acknowledged the batch, while the writer goes on committing later batches. Runs on
    /// the writer thread after `batchCommitted` and after the `afterCommit` actions of `beforeCommit` (so replication
    /// has published the batch's record); must not block, must call `release()` or `fail(_:)` exactly once, and must
    /// complete batches in the order it received them (from any thread). Failed batches are never gated.
    public var completionGate: (@Sendable (_ batch: WriterHeldBatch) -> Void)?

    /// No hooks.
    public init() {}
}

/// Which tables the writer's session records (see `WriterHooks.changeCapture`).
public struct WriterChangeCapture: Sendable {
    /// Tables never recorded (for example the log the changesets are stored in).
    public var excludedTables: Set<String>

    public init(excludedTables: Set<String>) {
        self.excludedTables = excludedTables
    }
}

/// What one batch did, handed to `WriterHooks.beforeCommitBatch` on the writer thread before COMMIT.
public struct WriterBatch: Sendable {
    /// Commands in the batch (including those that failed and rolled back alone).
    public var commandCount: Int
    /// The batch's net changes as a SQLite changeset (empty when nothing changed or capture is off).
    public var changeset: [UInt8]
    /// What the batch's successful commands passed to `Transaction.attach(_:)`, in command order.
    public var attachments: [[UInt8]]
}

/// One committed batch's completions, handed to `WriterHooks.completionGate`; whoever holds it (the writer thread, then
/// the gate's own thread) calls `release()` or `fail(_:)` exactly once.
public struct WriterHeldBatch: Sendable {
    private let complete: @Sendable (_ failure: (any Error)?) -> Void

    /// Wraps `complete`, which runs the completions with nil (release) or the error to answer with (the writer builds
    /// these; gates' tests build their own).
    public init(complete: @escaping @Sendable (_ failure: (any Error)?) -> Void) {
        self.complete = complete
    }

    /// Runs the batch's `afterCommit` actions and delivers each command's own result.
    public func release() { complete(nil) }

    /// Runs the batch's `afterCommit` actions (they describe what this database now holds) and completes every command
    /// that succeeded with `error` instead of its value; commands that failed alone keep their own error.
    public func fail(_ error: any Error) { complete(error) }
}
