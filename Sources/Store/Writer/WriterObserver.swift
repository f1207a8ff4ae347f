/// Something that watches the `Writer`'s batches from a layer above it (metrics, replication, the realtime feed)
/// without the writer importing that layer; the writer calls its observers in the order they were given.
///
/// Modelled on GRDB's `TransactionObserver`: one protocol, every method optional (the extension below gives no-op
/// defaults), the writer owning the ordered list. All methods run on the writer thread, so they must be quick and must
/// never block on the writer. Per batch the writer calls, in this order: `willCommit(_:in:)` of each observer inside
/// the batch transaction, COMMIT, then `storageDidFail(_:)` (if a command hit a full disk), then `didCommit(_:)` of
/// each observer, then the `afterCommit` actions the observers registered, then the commands' completions (held by the
/// `WriterCompletionGate` when there is one). A batch that fails as a whole calls `didFail(_:)` of each observer, then
/// `storageDidFail(_:)` when the disk refused the write.
public protocol WriterObserver: Sendable {
    /// Asks for every batch to be recorded as a SQLite changeset (tables outside `excludedTables`), so
    /// `willCommit(_:in:)` receives its changeset; nil (the default) asks for nothing. Read once, when the writer starts;
    /// when several observers ask, the changeset leaves out the union of their excluded tables.
    var changeCapture: WriterChangeCapture? { get }

    /// Runs inside the batch transaction after every command, before COMMIT, with what the batch did (replication
    /// appends its log row here). Throwing rolls the whole batch back: every command in it fails with that error and
    /// the observers after this one are not called. `afterCommit` actions registered on `transaction` run before the
    /// commands' own actions and completions, and are never held by the completion gate.
    func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws

    /// Runs after a batch committed durably, before its commands complete.
    func didCommit(_ stats: WriterBatchStats)

    /// Runs after a batch failed as a whole (BEGIN, a savepoint, an observer or COMMIT failed) and was rolled back.
    func didFail(_ error: any Error)

    /// Runs when a batch or one of its commands failed because the disk refused a write (`StoreError.isStorageFull`:
    /// SQLITE_FULL, or an I/O error writing or syncing), before the commands complete.
    func storageDidFail(_ error: StoreError)
}

extension WriterObserver {
    public var changeCapture: WriterChangeCapture? { nil }
    public func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws {}
    public func didCommit(_ stats: WriterBatchStats) {}
    public func didFail(_ error: any Error) {}
    public func storageDidFail(_ error: StoreError) {}
}

/// Which tables the writer's changesets record (see `WriterObserver.changeCapture`).
public struct WriterChangeCapture: Sendable {
    /// Tables never recorded (for example the log the changesets are stored in).
    public var excludedTables: Set<String>

    public init(excludedTables: Set<String>) {
        self.excludedTables = excludedTables
    }
}

/// What one batch did, handed to `WriterObserver.willCommit(_:in:)` on the writer thread before COMMIT.
public struct WriterBatch: Sendable {
    /// Commands in the batch (including those that failed and rolled back alone).
    public var commandCount: Int
    /// The batch's net changes as a SQLite changeset (empty when nothing changed or capture is off).
    public var changeset: [UInt8]
    /// What the batch's successful commands passed to `Transaction.attach(_:)`, in command order.
    public var attachments: [[UInt8]]
}
