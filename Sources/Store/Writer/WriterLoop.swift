/// The body of the writer thread: takes batches from the queue and commits each under one transaction.
///
/// Owned by the writer thread; nothing else touches the write connection. Each batch is `BEGIN IMMEDIATE`, every
/// command in its own `SAVEPOINT` (a throwing command rolls back alone), the pre-commit step (`WriterPreCommitStep`),
/// the observers' `willCommit`, one `COMMIT` (one
/// fsync), and only then the observers' `didCommit` and `afterCommit` actions, then the commands' `afterCommit` actions
/// and completions in submission order (held by the `WriterCompletionGate` when there is one).
///
/// Two kinds of command run without a savepoint: the only command of a batch (two statements fewer per command when
/// the writer is not busy), and those that promise to fail only before their first write
/// (`WriterCommandPromise.failsOnlyBeforeFirstWrite`, checked with `sqlite3_total_changes`). When such a command
/// throws with changes to undo (a lone command, or a broken promise), the whole transaction rolls back, a new one
/// begins, and the batch's other commands run again, each in its own savepoint: the same state and the same results
/// as if every command had had its savepoint.
/// See https://www.sqlite.org/lang_savepoint.html and https://www.sqlite.org/lang_transaction.html .
final class WriterLoop: @unchecked Sendable {
    // Safety: built by `Writer.init` on the caller's thread and handed to the writer thread before that thread starts;
    // from then on only the writer thread touches it (and its non-Sendable `connection`).
    private let connection: Connection
    private let queue: WriterQueue
    private let observers: [any WriterObserver]
    /// What every batch's changeset records: the observers' `changeCapture` requests merged (nil: no changesets).
    private let changeCapture: WriterChangeCapture?
    /// Records each batch's changeset when `changeCapture` asks for it; made at the first batch, kept across batches
    /// (a per-batch `sqlite3_session` re-read every table's columns on every commit).
    private var changeRecorder: SQLiteChangeRecorder?
    private let completionGate: (any WriterCompletionGate)?
    private let preCommitStep: WriterPreCommitStep?
    private let maxBatchCommands: Int
    /// How long the writer waits for the submitters of a batch it just completed to join the next one (zero: never).
    private let gatherWindow: Duration
    private let clock = ContinuousClock()

    /// The per-command savepoint's statements (constant text: the statement cache finds them by address).
    private static let savepointSQL = (
        begin: "SAVEPOINT writer_command", release: "RELEASE writer_command", rollback: "ROLLBACK TO writer_command")

    init(connection: Connection, queue: WriterQueue, observers: [any WriterObserver],
         completionGate: (any WriterCompletionGate)?, preCommitStep: WriterPreCommitStep? = nil, maxBatchCommands: Int,
         gatherWindow: Duration = .zero) {
        self.connection = connection
        self.queue = queue
        self.observers = observers
        self.completionGate = completionGate
        self.preCommitStep = preCommitStep
        let captures = observers.compactMap(\.changeCapture)
        changeCapture = captures.isEmpty
            ? nil : WriterChangeCapture(excludedTables: captures.reduce(into: []) { $0.formUnion($1.excludedTables) })
        self.maxBatchCommands = max(1, maxBatchCommands)
        // With a completion gate, completions wait for the standby, far longer than any gather window.
        self.gatherWindow = completionGate == nil ? gatherWindow : .zero
    }

    /// Runs batches until the queue is stopped and drained, then closes the connection.
    func run() {
        var gather: WriterGather?
        while let batch = queue.takeBatch(maxCount: maxBatchCommands, gather: gather) {
            gather = nil
            if batch.count == 1, let exclusive = batch[0].exclusive {
                exclusive(connection)
                // A body that left a transaction open must not leak it into the next batch's BEGIN.
                if !connection.isAutocommit { try? connection.run("ROLLBACK") }
                // It may have replaced the database (a standby's snapshot): read every table's columns again.
                changeRecorder?.forgetTables()
            } else if let queuedAtCommit = executeBatch(batch), gatherWindow > .zero, batch.count > 1 {
                // The submitters just completed are likely to submit again at once (as the event loops do): wait a
                // little for them so they share the next fsync with those queued meanwhile, instead of a batch of
                // their own right after.
                gather = WriterGather(count: batch.count + queuedAtCommit, window: gatherWindow)
            }
        }
        changeRecorder?.close()
        connection.close()
    }

    /// Runs `batch` in one transaction and completes its commands; returns how many commands were queued when it
    /// committed, nil when it failed as a whole.
    private func executeBatch(_ batch: [WriterCommand]) -> Int? {
        let start = clock.now
        var outcomes: [WriterCommandOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var recorder: SQLiteChangeRecorder?
        defer { recorder?.discard() }
        do {
            try connection.run("BEGIN IMMEDIATE")
            var changesBefore = connection.totalChanges
            recorder = try startRecording()
            var hadBrokenPromise = false
            if let failed = try executeCommands(batch, into: &outcomes) {
                // A command without a savepoint threw and may have changed rows: only the whole transaction undoes them.
                hadBrokenPromise = batch[failed].promise == .failsOnlyBeforeFirstWrite
                recorder?.discard()
                recorder = nil
                try connection.run("ROLLBACK")
                try connection.run("BEGIN IMMEDIATE")
                changesBefore = connection.totalChanges
                recorder = try startRecording()
                try rerun(batch, keepingFailed: failed, outcomes: &outcomes)
            }
            try runPreCommitStep()
            let changeset = try recorder?.changeset() ?? []
            recorder = nil
            let observerActions = try runWillCommit(WriterBatch(
                commandCount: batch.count, changeset: changeset, attachments: outcomes.flatMap(\.attachments)))
            let commitStart = clock.now
            try connection.run("COMMIT")
            let end = clock.now
            let queuedAtCommit = queue.count
            let failedCount = outcomes.count { $0.failure != nil }
            reportStorageFailures(outcomes.compactMap(\.failure))
            let hasChanges = changeCapture != nil
                ? !changeset.isEmpty : connection.totalChanges > changesBefore
            let stats = WriterBatchStats(
                commandCount: batch.count, failedCommandCount: failedCount,
                commitDuration: end - commitStart, batchDuration: end - start, hasChanges: hasChanges,
                hadBrokenPromise: hadBrokenPromise,
                promisingCommandCount: batch.count { $0.promise == .failsOnlyBeforeFirstWrite })
            for observer in observers { observer.didCommit(stats) }
            // The observers' own actions (replication publishes the batch's record) run first and are never gated.
            for action in observerActions { action() }
            if let completionGate {
                completionGate.hold(WriterHeldBatch(complete: { [outcomes] failure in
                    Self.complete(batch, outcomes: outcomes, failure: failure)
                }))
            } else {
                Self.complete(batch, outcomes: outcomes, failure: nil)
            }
            return queuedAtCommit
        } catch {
            failBatch(batch, outcomes: outcomes, error: error)
            return nil
        }
    }

    /// Runs each committed command's `afterCommit` actions and completes it, in submission order: with its own result,
    /// or with `failure` (from the completion gate) when it succeeded.
    private static func complete(_ batch: [WriterCommand], outcomes: [WriterCommandOutcome], failure: (any Error)?) {
        for (index, outcome) in outcomes.enumerated() {
            for action in outcome.afterCommitActions { action() }
            if let failure, outcome.failure == nil { batch[index].reject(failure) } else { outcome.deliver() }
        }
    }

    /// The recorder, recording this batch's changes, when an observer asked for them.
    private func startRecording() throws(StoreError) -> SQLiteChangeRecorder? {
        guard let capture = changeCapture else { return nil }
        let recorder: SQLiteChangeRecorder
        if let changeRecorder {
            recorder = changeRecorder
        } else {
            recorder = try SQLiteChangeRecorder(database: connection.database, excludedTables: capture.excludedTables)
            changeRecorder = recorder
        }
        try recorder.begin()
        return recorder
    }

    /// Runs `batch`'s commands in order, appending their outcomes to `outcomes`: each in its own savepoint, except the
    /// only command of a batch and those that promise to fail only before their first write (two statements and the
    /// sub-journal's page copies fewer each). Returns the index of the first command without a savepoint that threw
    /// and whose changes, if any, only a rollback of the whole transaction can undo (it stops there): a lone command
    /// that made no promise, or one that broke its promise (`sqlite3_total_changes` moved).
    private func executeCommands(_ batch: [WriterCommand], into outcomes: inout [WriterCommandOutcome]) throws -> Int? {
        let isAlone = batch.count == 1
        for (index, command) in batch.enumerated() {
            guard isAlone || command.promise == .failsOnlyBeforeFirstWrite else {
                outcomes.append(try executeInSavepoint(command, index: index, batchCommandCount: batch.count))
                continue
            }
            let changesBefore = connection.totalChanges
            let outcome = try executeWithoutSavepoint(command, index: index, batchCommandCount: batch.count)
            outcomes.append(outcome)
            if outcome.failure != nil, command.promise == .none || connection.totalChanges != changesBefore {
                return index
            }
        }
        return nil
    }

    /// After the batch transaction was rolled back and begun again because of the command at `failed`: keeps that
    /// command's outcome (its error; its changes went with the rollback) and runs every other command again, each in
    /// its own savepoint, so each one that fails still rolls back alone.
    private func rerun(
        _ batch: [WriterCommand], keepingFailed failed: Int, outcomes: inout [WriterCommandOutcome]
    ) throws {
        let failure = outcomes[failed]
        outcomes.removeAll(keepingCapacity: true)
        for (index, command) in batch.enumerated() {
            outcomes.append(index == failed
                ? failure : try executeInSavepoint(command, index: index, batchCommandCount: batch.count))
        }
    }

    /// Runs one command without a savepoint. Throws (failing the batch) only when the transaction is gone; a command's
    /// own error is returned in its outcome.
    private func executeWithoutSavepoint(
        _ command: WriterCommand, index: Int, batchCommandCount: Int
    ) throws -> WriterCommandOutcome {
        let transaction = Transaction(connection: connection)
        var outcome = command.execute(transaction)
        transaction.end()
        if connection.isAutocommit {
            if let failure = outcome.failure { throw failure }
            throw StoreError.writerTransactionEnded(commandIndex: index, batchCommandCount: batchCommandCount)
        }
        if outcome.failure == nil {
            outcome.afterCommitActions = transaction.afterCommitActions
            outcome.attachments = transaction.attachments
        }
        return outcome
    }

    /// Runs one command inside its savepoint. Throws (failing the whole batch) only when the batch transaction is gone
    /// or a savepoint statement fails; a command's own error is returned in its outcome.
    private func executeInSavepoint(
        _ command: WriterCommand, index: Int, batchCommandCount: Int
    ) throws -> WriterCommandOutcome {
        try connection.run(Self.savepointSQL.begin)
        let transaction = Transaction(connection: connection)
        var outcome = command.execute(transaction)
        transaction.end()
        if connection.isAutocommit {
            // SQLite rolled the whole transaction back on its own (SQLITE_FULL, SQLITE_IOERR…), or the command ended it.
            if let failure = outcome.failure { throw failure }
            throw StoreError.writerTransactionEnded(commandIndex: index, batchCommandCount: batchCommandCount)
        }
        if outcome.failure != nil {
            try connection.run(Self.savepointSQL.rollback)
            try connection.run(Self.savepointSQL.release)
        } else {
            try connection.run(Self.savepointSQL.release)
            outcome.afterCommitActions = transaction.afterCommitActions
            outcome.attachments = transaction.attachments
        }
        return outcome
    }

    /// Runs the pre-commit step inside the batch transaction, so its writes are in the batch's changeset.
    private func runPreCommitStep() throws {
        guard let preCommitStep else { return }
        let transaction = Transaction(connection: connection)
        defer { transaction.end() }
        try preCommitStep.body(transaction)
    }

    /// Calls every observer's `willCommit` in order inside the batch transaction; returns the `afterCommit` actions
    /// they registered.
    private func runWillCommit(_ batch: WriterBatch) throws -> [@Sendable () -> Void] {
        guard !observers.isEmpty else { return [] }
        let transaction = Transaction(connection: connection)
        defer { transaction.end() }
        for observer in observers { try observer.willCommit(batch, in: transaction) }
        return transaction.afterCommitActions
    }

    /// Tells the observers about the first failure that says the disk refused a write.
    private func reportStorageFailures(_ failures: [any Error]) {
        guard !observers.isEmpty,
              let full = failures.lazy.compactMap({ $0 as? StoreError }).first(where: \.isStorageFull) else { return }
        for observer in observers { observer.storageDidFail(full) }
    }

    /// Rolls the batch back and completes every command: those that failed alone get their own error, the rest `error`.
    private func failBatch(_ batch: [WriterCommand], outcomes: [WriterCommandOutcome], error: any Error) {
        if !connection.isAutocommit {
            // If even ROLLBACK fails the next BEGIN fails too, and every later batch reports that error.
            try? connection.run("ROLLBACK")
        }
        for observer in observers { observer.didFail(error) }
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
