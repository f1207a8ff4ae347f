/// The handle a writer command runs against: the write connection, inside the batch transaction (and this command's
/// own savepoint when the batch holds several commands).
///
/// Valid only while its command runs, and only on the writer thread; using it elsewhere or later is a programmer error
/// and traps. Anything the command should trigger once its effects are durable (events to `Realtime`, replies)
/// goes through `afterCommit`.
public final class Transaction: SQLExecutor {
    private let connection: Connection
    /// The writer thread's `ThreadIdentity` (a thread-specific number: Foundation's `Thread.current`, checked on every
    /// statement, cost more than some statements).
    private let owner: Int
    private var isActive = true
    /// Actions registered with `afterCommit`, in order.
    private(set) var afterCommitActions: [@Sendable () -> Void] = []
    /// Bytes registered with `attach`, in order.
    private(set) var attachments: [[UInt8]] = []

    init(connection: Connection) {
        self.connection = connection
        self.owner = ThreadIdentity.current
    }

    /// Runs `action` on the writer thread after the batch containing this command is durably committed, in submission
    /// order (before the command's own completion); dropped if this command's savepoint rolls back or the batch fails.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        preconditionUsable()
        afterCommitActions.append(action)
    }

    /// Hands `bytes` to the batch's `WriterObserver.willCommit(_:in:)` (in command order), for example the encoded
    /// domain events replication stores beside the batch's changeset. Dropped, like `afterCommit` actions, when this
    /// command or the enclosing `withSavepoint` rolls back.
    public func attach(_ bytes: [UInt8]) {
        preconditionUsable()
        attachments.append(bytes)
    }

    /// Applies a SQLite changeset (from another node's writer) to this transaction; a conflict aborts it whole and
    /// throws `.changesetConflict` naming the table and operation. See `SQLiteChangeset`.
    public func applyChangeset(_ changeset: [UInt8]) throws(StoreError) {
        preconditionUsable()
        try SQLiteChangeset.apply(changeset, to: connection.database)
    }

    /// Runs `body` inside a nested savepoint named `name`. If it throws, its changes roll back and the `afterCommit`
    /// actions it registered are dropped with them (nothing is announced for undone work); the error is rethrown.
    /// See https://www.sqlite.org/lang_savepoint.html .
    public func withSavepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        preconditionUsable()
        let registeredBefore = afterCommitActions.count
        let attachedBefore = attachments.count
        try connection.execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try connection.execute("RELEASE \(name)")
            return result
        } catch {
            afterCommitActions.removeSubrange(registeredBefore...)
            attachments.removeSubrange(attachedBefore...)
            try connection.execute("ROLLBACK TO \(name)")
            try connection.execute("RELEASE \(name)")
            throw error
        }
    }

    /// Runs `body` and returns, with its value, the SQL text of every statement it ran on this transaction, in order
    /// (repeats included): the write paths' tests check their statement budgets and query plans with it.
    package func recordingStatements<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        preconditionUsable()
        let outer = connection.statementLog
        connection.statementLog = []
        defer { connection.statementLog = outer }
        let value = try body()
        return (value, connection.statementLog ?? [])
    }

    /// The `EXPLAIN QUERY PLAN` lines of `sql` in this transaction (see `Connection.queryPlan(of:)`).
    package func queryPlan(of sql: String) throws(StoreError) -> [String] {
        preconditionUsable()
        return try connection.queryPlan(of: sql)
    }

    /// Ends the handle's validity; later use traps.
    func end() {
        isActive = false
    }

    public func execute(_ sql: String) throws(StoreError) {
        preconditionUsable()
        try connection.execute(sql)
    }

    public func run(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) {
        preconditionUsable()
        try connection.run(sql, arguments)
    }

    public func query(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> [Row] {
        preconditionUsable()
        return try connection.query(sql, arguments)
    }

    public func queryOne(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> Row? {
        preconditionUsable()
        return try connection.queryOne(sql, arguments)
    }

    public func forEachRow(_ sql: String, _ arguments: [any SQLiteBindable],
                           _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(StoreError) {
        preconditionUsable()
        try connection.forEachRow(sql, arguments, body)
    }

    public var lastInsertRowID: Int64 {
        preconditionUsable()
        return connection.lastInsertRowID
    }

    public var changes: Int {
        preconditionUsable()
        return connection.changes
    }

    private func preconditionUsable() {
        precondition(isActive, "a writer Transaction was used after its command returned")
        precondition(ThreadIdentity.current == owner, "a writer Transaction was used off the writer thread")
    }
}
