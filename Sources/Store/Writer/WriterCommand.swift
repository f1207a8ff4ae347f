/// One queued writer command, with its result type erased so the queue can hold any mix of commands.
///
/// Built by `Writer.submit` on the caller's thread; `execute` and `reject` run on the writer thread.
struct WriterCommand: Sendable {
    /// Runs the command against `transaction` (inside its savepoint, unless it needs none) and returns what to do once
    /// the batch's fate is known.
    let execute: @Sendable (Transaction) -> WriterCommandOutcome
    /// Completes the command with `error` without it having run, or after its work was rolled back with the batch.
    let reject: @Sendable (any Error) -> Void
    /// Set for an exclusive command (`Writer.performExclusiveAndWait`): it runs alone, outside any transaction, with the
    /// write connection itself, and `execute` is never called.
    let exclusive: (@Sendable (Connection) -> Void)?
    /// Whether the command needs its own savepoint in a batch of several (see `WriterCommandPromise`).
    let promise: WriterCommandPromise

    init<T: Sendable>(
        _ command: @escaping @Sendable (Transaction) throws -> T, promise: WriterCommandPromise = .none,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        execute = { transaction in
            do {
                let value = try command(transaction)
                return WriterCommandOutcome(failure: nil) { completion(.success(value)) }
            } catch {
                return WriterCommandOutcome(failure: error) { completion(.failure(error)) }
            }
        }
        reject = { error in completion(.failure(error)) }
        exclusive = nil
        self.promise = promise
    }

    /// An exclusive command: `body` gets the write connection between batches (no transaction open, no hooks).
    init<T: Sendable>(
        exclusive body: @escaping @Sendable (Connection) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        execute = { _ in WriterCommandOutcome(failure: StoreError.writerTransactionEnded(commandIndex: 0, batchCommandCount: 1)) {} }
        reject = { error in completion(.failure(error)) }
        exclusive = { connection in
            do {
                completion(.success(try body(connection)))
            } catch {
                completion(.failure(error))
            }
        }
        promise = .none
    }
}

/// The result of running one command inside the batch, held on the writer thread until COMMIT returns.
struct WriterCommandOutcome: Sendable {
    /// The command's own error, when it threw (its savepoint, or the batch, is then rolled back).
    let failure: (any Error)?
    /// Delivers the command's own result (its value, or `failure`) to its completion.
    let deliver: @Sendable () -> Void
    /// The command's `afterCommit` actions (empty when it failed).
    var afterCommitActions: [@Sendable () -> Void] = []
    /// The command's `Transaction.attach` payloads (empty when it failed).
    var attachments: [[UInt8]] = []

    init(failure: (any Error)?, deliver: @escaping @Sendable () -> Void) {
        self.failure = failure
        self.deliver = deliver
    }
}
