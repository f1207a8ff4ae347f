/// Holds each committed batch's completions (its commands' `afterCommit` actions and results, in submission order) as
/// one `WriterHeldBatch` instead of the writer running them at once: sync replication releases it once the standby
/// acknowledged the batch, while the writer goes on committing later batches.
///
/// Why a protocol of its own: a writer has at most one gate (observers only watch). `hold(_:)` runs on the writer
/// thread after every observer's `didCommit(_:)` and after the observers' `afterCommit` actions (so replication has
/// published the batch's record); it must not block, must call `release()` or `fail(_:)` exactly once, and must
/// complete batches in the order it received them (from any thread). Failed batches are never gated.
public protocol WriterCompletionGate: Sendable {
    /// Takes one committed batch's completions (writer thread; never blocks).
    func hold(_ batch: WriterHeldBatch)
}

/// One committed batch's completions, handed to `WriterCompletionGate.hold(_:)`; whoever holds it (the writer thread, then
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
