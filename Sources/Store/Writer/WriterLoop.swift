/// The body of the writer thread: takes batches from the queue and commits each under one transaction.
///
/// Owned by the writer thread; nothing else touches the write connection. Each batch is `BEGIN IMMEDIATE`, every
/// command in its own `SAVEPOINT` (a throwing command rolls back alone), the `beforeCommit` hook, one `COMMIT` (one
/// fsync), and only then the hook's `afterCommit` actions, then the commands' `afterCommit` actions and completions in
/// submission order (held by `WriterHooks.completionGate` when one is set).
/// See https://www.sqlite.org/lang_savepoint.html and https://www.sqlite.org/lang_transaction.html .
final class WriterLoop: @unchecked Sendable {
    // Safety: built by `Writer.init` on the caller's thread and handed to the writer thread before that thread starts;
    // from then on only the writer thread touches it (and its non-Sendable `connection`).
    private let connection: Connection
    private let queue: WriterQueue
    private let hooks: WriterHooks
    private let maxBatchCommands: Int
    private let clock = ContinuousClock()

    private static let savepoint = "writer_command"

    init(connection: Connection, queue: WriterQueue, hooks: WriterHooks, maxBatchCommands: Int) {
        self.connection = connection
        self.queue = queue
        self.hooks = hooks
        self.maxBatchCommands = max(1, maxBatchCommands)
    }

    /// Runs batches until the queue is stopped and drained, then closes the connection.
    func run() {
        while let batch = queue.takeBatch(maxCount: maxBatchCommands) {
            if batch.count == 1, let exclusive = batch[0].exclusive {
                exclusive(connection)
                // A body that left a transaction open must not leak it into the next batch's BEGIN.
                if !connection.isAutocommit { try? connection.run("ROLLBACK") }
            } else {
                executeBatch(batch)
            }
        }
        connection.close()
    }

    private func executeBatch(_ batch: [WriterCommand]) {
        let start = clock.now
        var outcomes: [WriterCommandOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var session: SQLiteSession?
        defer { session?.delete() }
        do {
            try connection.run("BEGIN IMMEDIATE")
            let changesBefore = connection.totalChanges
            if let capture = hooks.changeCapture {
                session = try SQLiteSession(database: connection.database, excludedTables: capture.excludedTables)
            }
            for (index, command) in batch.enumerated() {
                outcomes.append(try executeInSavepoint(command, index: index, batchCommandCount: batch.count))
            }
            let changeset = try session?.changeset() ?? []
            session?.delete()
            let hookActions = try runBeforeCommitHook(WriterBatch(
                commandCount: batch.count, changeset: changeset, attachments: outcomes.flatMap(\.attachments)))
            let commitStart = clock.now
            try connection.run("COMMIT")
            let end = clock.now
            let failedCount = outcomes.count { $0.failure != nil }
            reportStorageFailures(outcomes.compactMap(\.failure))
            let hasChanges = hooks.changeCapture != nil
                ? !changeset.isEmpty : connection.totalChanges > changesBefore
            hooks.batchCommitted?(WriterBatchStats(
                commandCount: batch.count, failedCommandCount: failedCount,
                commitDuration: end - commitStart, batchDuration: end - start, hasChanges: hasChanges))
            // The hooks' own actions (replication publishes the batch's record) run first and are never gated.
            for action in hookActions { action() }
            let completions: @Sendable ((any Error)?) -> Void = { [outcomes] failure in
                for (index, outcome) in outcomes.enumerated() {
                    for action in outcome.afterCommitActions { action() }
                    if let failure, outcome.failure == nil { batch[index].reject(failure) } else { outcome.deliver() }
                }
            }
            if let gate = hooks.completionGate { gate(WriterHeldBatch(complete: completions)) } else { completions(nil) }
        } catch {
            failBatch(batch, outcomes: outcomes, error: error)
        }
    }

    /// Runs one command inside its savepoint. Throws (failing the whole batch) only when the batch transaction is gone
    /// or a savepoint statement fails; a command's own error is returned in its outcome.
    private func executeInSavepoint(
        _ command: WriterCommand, index: Int, batchCommandCount: Int
    ) throws -> WriterCommandOutcome {
        try connection.run("SAVEPOINT \(Self.savepoint)")
        let transaction = Transaction(connection: connection)
        var outcome = command.execute(transaction)
        transaction.end()
        if connection.isAutocommit {
            // SQLite rolled the whole transaction back on its own (SQLITE_FULL, SQLITE_IOERR…), or the command ended it.
            if let failure = outcome.failure { throw failure }
            throw StoreError.writerTransactionEnded(commandIndex: index, batchCommandCount: batchCommandCount)
        }
        if outcome.failure != nil {
            try connection.run("ROLLBACK TO \(Self.savepoint)")
            try connection.run("RELEASE \(Self.savepoint)")
        } else {
            try connection.run("RELEASE \(Self.savepoint)")
            outcome.afterCommitActions = transaction.afterCommitActions
            outcome.attachments = transaction.attachments
        }
        return outcome
    }

    private func runBeforeCommitHook(_ batch: WriterBatch) throws -> [@Sendable () -> Void] {
        guard hooks.beforeCommit != nil || hooks.beforeCommitBatch != nil else { return [] }
        let transaction = Transaction(connection: connection)
        defer { transaction.end() }
        try hooks.beforeCommit?(transaction, batch.commandCount)
        try hooks.beforeCommitBatch?(transaction, batch)
        return transaction.afterCommitActions
    }

    /// Tells `hooks.storageFailed` about the first failure that says the disk refused a write.
    private func reportStorageFailures(_ failures: [any Error]) {
        guard let storageFailed = hooks.storageFailed else { return }
        if let full = failures.lazy.compactMap({ $0 as? StoreError }).first(where: \.isStorageFull) { storageFailed(full) }
    }

    /// Rolls the batch back and completes every command: those that failed alone get their own error, the rest `error`.
    private func failBatch(_ batch: [WriterCommand], outcomes: [WriterCommandOutcome], error: any Error) {
        if !connection.isAutocommit {
            // If even ROLLBACK fails the next BEGIN fails too, and every later batch reports that error.
            try? connection.run("ROLLBACK")
        }
        hooks.batchFailed?(error)
        reportStorageFailures([error] + outcomes.compactMap(\.failure))
        for (index, command) in batch.enumerated() {
            if index < outcomes.count, outcomes[index].failure != nil {
                outcomes[index].deliver()
            } else {
                command.reject(error)
            }
        }
    }
}
