/// A `WriterObserver` that runs one closure for each committed batch (counting commits in benchmarks and tests).
public struct WriterCommitObserver: WriterObserver {
    private let committed: @Sendable (WriterBatchStats) -> Void

    /// Calls `committed` on the writer thread after each durable commit.
    public init(_ committed: @escaping @Sendable (WriterBatchStats) -> Void) {
        self.committed = committed
    }

    public func didCommit(_ stats: WriterBatchStats) { committed(stats) }
}
