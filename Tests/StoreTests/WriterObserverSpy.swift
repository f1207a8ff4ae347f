import Store

/// A `WriterObserver` built from closures, so a writer test states only the callbacks it watches.
struct WriterObserverSpy: WriterObserver {
    var changeCapture: WriterChangeCapture?
    var onWillCommit: (@Sendable (WriterBatch, Transaction) throws -> Void)?
    var onDidCommit: (@Sendable (WriterBatchStats) -> Void)?
    var onDidFail: (@Sendable (any Error) -> Void)?
    var onStorageDidFail: (@Sendable (StoreError) -> Void)?

    func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws { try onWillCommit?(batch, transaction) }
    func didCommit(_ stats: WriterBatchStats) { onDidCommit?(stats) }
    func didFail(_ error: any Error) { onDidFail?(error) }
    func storageDidFail(_ error: StoreError) { onStorageDidFail?(error) }
}

/// A `WriterCompletionGate` that hands every held batch to a closure.
struct CompletionGateSpy: WriterCompletionGate {
    let onHold: @Sendable (WriterHeldBatch) -> Void

    init(_ onHold: @escaping @Sendable (WriterHeldBatch) -> Void) {
        self.onHold = onHold
    }

    func hold(_ batch: WriterHeldBatch) { onHold(batch) }
}
