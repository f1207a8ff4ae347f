/// The query surface shared by a `Connection`, a writer `Transaction` and a `Reader` snapshot.
///
/// Statements given to `run`, `query` and `queryOne` are prepared once per connection and cached by SQL text, so pass
/// constant SQL with `?` placeholders and the values as arguments, never values spliced into the text.
public protocol SQLExecutor {
    /// Runs one or more statements without arguments (`sqlite3_exec`): schema changes, pragmas, transaction control.
    func execute(_ sql: String) throws(StoreError)
    /// Runs one prepared (cached) statement with `arguments` bound to its `?` placeholders, discarding any rows.
    func run(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError)
    /// Runs one prepared (cached) statement and returns all its rows.
    func query(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> [Row]
    /// Runs one prepared (cached) statement and returns its first row, or nil.
    func queryOne(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> Row?
    /// Runs one prepared (cached) statement and hands each result row to `body` as it is stepped, without copying
    /// it (hot reads that write rows straight into a response). See `SQLiteRow`.
    func forEachRow(_ sql: String, _ arguments: [any SQLiteBindable],
                    _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(StoreError)
    /// The rowid of the most recent successful INSERT on this connection (`sqlite3_last_insert_rowid`).
    var lastInsertRowID: Int64 { get }
    /// Rows changed by the most recent INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    var changes: Int { get }
}

extension SQLExecutor {
    /// Runs `sql` without arguments.
    public func run(_ sql: String) throws(StoreError) {
        try run(sql, [])
    }

    /// All rows of `sql`, without arguments.
    public func query(_ sql: String) throws(StoreError) -> [Row] {
        try query(sql, [])
    }

    /// The first row of `sql`, without arguments.
    public func queryOne(_ sql: String) throws(StoreError) -> Row? {
        try queryOne(sql, [])
    }
}
