/// A step the writer runs inside every batch transaction, after the batch's commands and before it takes the batch's
/// changeset and calls its observers' `willCommit`: upkeep that must commit, and replicate, with whatever the commands
/// wrote, whichever command wrote it (the game stores the land squares' objects its commands left stale).
///
/// Installed once, by the node's wiring, through `Writer.init(configuration:observers:completionGate:preCommitStep:)`;
/// runs on the writer thread. Throwing fails the whole batch, as a failing observer does: keep the body to work that
/// fails only when the transaction itself does.
public struct WriterPreCommitStep: Sendable {
    /// What the step does, for logs and traces.
    public let name: String
    let body: @Sendable (Transaction) throws -> Void

    public init(name: String, _ body: @escaping @Sendable (Transaction) throws -> Void) {
        self.name = name
        self.body = body
    }
}
