import CSQLite

/// The owner of one `sqlite3*` connection handle: opening, `sqlite3_exec`, preparing, error codes, closing.
///
/// Internal: `Connection` wraps it with the statement cache and pragmas; nothing outside `SQLite*.swift` sees the raw
/// handle. Opened with `SQLITE_OPEN_NOMUTEX` (SQLite's multi-thread mode, https://www.sqlite.org/threadsafe.html): the
/// owning Swift type guarantees one thread at a time, so SQLite's own per-connection mutex would be pure cost (GRDB's
/// `SerializedDatabase` makes the same choice). Extended result codes are on, so every code is an extended one.
final class SQLiteDatabase {
    /// The file this handle opened.
    let path: String
    private var handle: OpaquePointer?

    /// Opens `path` read-write (creating it) or read-only, through the VFS named `vfsName` (SQLite's default when nil).
    init(path: String, readOnly: Bool, vfsName: String? = nil) throws(StoreError) {
        self.path = path
        var opened: OpaquePointer?
        let mode = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let code = sqlite3_open_v2(path, &opened, mode | SQLITE_OPEN_NOMUTEX, vfsName)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw .openFailed(path: path, code: code, message: message)
        }
        sqlite3_extended_result_codes(opened, 1)
        handle = opened
    }

    deinit { close() }

    /// Whether `close()` has run.
    var isClosed: Bool { handle == nil }

    /// Closes the handle (idempotent). Statements still alive keep it as a zombie until they are finalized
    /// (`sqlite3_close_v2`), so closing never fails.
    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// The open handle, or `.connectionClosed`.
    func openHandle() throws(StoreError) -> OpaquePointer {
        guard let handle else { throw .connectionClosed(path: path) }
        return handle
    }

    /// Sets `sqlite3_busy_timeout`.
    func setBusyTimeout(milliseconds: Int32) throws(StoreError) {
        let handle = try openHandle()
        let code = sqlite3_busy_timeout(handle, milliseconds)
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
    }

    /// Runs one or more statements with `sqlite3_exec`, discarding rows.
    func execute(_ sql: String) throws(StoreError) {
        let handle = try openHandle()
        var errorText: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorText)
        defer { sqlite3_free(errorText) }
        guard code == SQLITE_OK else {
            let message = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw .sqlite(code: code, message: message, sql: sql)
        }
    }

    /// Prepares `sql`, which must hold exactly one statement (trailing whitespace and comments are fine).
    /// `persistent` hints SQLite that the statement will be cached and reused (`SQLITE_PREPARE_PERSISTENT`).
    func prepare(_ sql: String, persistent: Bool) throws(StoreError) -> SQLiteStatement {
        let handle = try openHandle()
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        var prepared: OpaquePointer?
        var extraStatements = 0
        let code = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(handle, text, -1, flags, &prepared, &tail)
            if code == SQLITE_OK, prepared != nil, let tail { extraStatements = countStatements(from: tail, handle: handle) }
            return code
        }
        guard code == SQLITE_OK else { throw error(code: code, sql: sql) }
        guard let prepared else { throw .notSingleStatement(sql: sql, statementCount: 0) }
        guard extraStatements == 0 else {
            sqlite3_finalize(prepared)
            throw .notSingleStatement(sql: sql, statementCount: 1 + extraStatements)
        }
        return SQLiteStatement(handle: prepared, sql: sql, database: self)
    }

    /// How many statements the rest of a SQL text holds (a text that fails to prepare counts as one more).
    private func countStatements(from start: UnsafePointer<CChar>, handle: OpaquePointer) -> Int {
        var count = 0
        var cursor = start
        while cursor.pointee != 0 {
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, cursor, -1, &statement, &tail)
            sqlite3_finalize(statement)
            guard code == SQLITE_OK else { return count + 1 }
            if statement != nil { count += 1 }
            guard let tail, tail != cursor else { break }
            cursor = tail
        }
        return count
    }

    /// `StoreError.sqlite` for `code`, with the connection's current `sqlite3_errmsg`.
    func error(code: Int32, sql: String?) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return .sqlite(code: code, message: message, sql: sql)
    }

    /// Whether no transaction is open (`sqlite3_get_autocommit`). After an error this tells whether SQLite rolled the
    /// whole transaction back on its own (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…).
    var isAutocommit: Bool {
        guard let handle else { return true }
        return sqlite3_get_autocommit(handle) != 0
    }

    /// `sqlite3_last_insert_rowid`.
    var lastInsertRowID: Int64 {
        guard let handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// `sqlite3_changes64`.
    var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    /// `sqlite3_total_changes64`: rows changed since the connection opened.
    var totalChanges: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_total_changes64(handle))
    }
}
