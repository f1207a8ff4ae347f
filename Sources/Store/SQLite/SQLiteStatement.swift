import CSQLite

/// The owner of one prepared `sqlite3_stmt*`: binding, stepping, copying rows out, resetting, finalizing.
///
/// Internal: `Connection` caches these by SQL text. Every execution leaves the statement reset with its bindings
/// cleared, so no read transaction or bound value (possibly a secret) outlives the call. Same owner as its connection.
final class SQLiteStatement {
    /// The SQL text, for errors (never the bound values).
    let sql: String
    private(set) var handle: OpaquePointer?
    /// Kept alive so `sqlite3_errmsg` is valid while this statement exists.
    private let database: SQLiteDatabase
    /// The result column names, read once: every row of every execution shares them, so a cached statement does not
    /// allocate a `String` per column per execution. Re-read when the column count changes (SQLite re-prepares a
    /// statement after a schema change; our SQL names its columns, so the names themselves do not move).
    private var columnNames: [String]?

    init(handle: OpaquePointer, sql: String, database: SQLiteDatabase) {
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    deinit { finalize() }

    /// Finalizes the statement (idempotent).
    func finalize() {
        guard let handle else { return }
        sqlite3_finalize(handle)
        self.handle = nil
    }

    /// Binds `arguments`, steps through the results and returns up to `rowLimit` rows (all when nil; none when 0,
    /// but then the statement still runs to completion; stepping stops at the limit otherwise). Always resets and clears the bindings before returning.
    func execute(_ arguments: [any SQLiteBindable], rowLimit: Int?) throws(StoreError) -> [Row] {
        guard let handle, !database.isClosed else { throw .connectionClosed(path: database.path) }
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments, to: handle)
        var rows: [Row] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw database.error(code: code, sql: sql) }
            if rowLimit == 0 { continue }
            let names = currentColumnNames(handle)
            rows.append(Row(columnNames: names, values: readValues(handle, count: names.count)))
            if let rowLimit, rows.count >= rowLimit { return rows }
        }
    }

    func bind(_ arguments: [any SQLiteBindable], to handle: OpaquePointer) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw .argumentCountMismatch(sql: sql, expected: expected, actual: arguments.count)
        }
        var index: Int32 = 1
        for argument in arguments {
            let code = argument.bind(to: SQLiteParameterSlot(handle: handle, index: index))
            guard code == SQLITE_OK else { throw database.error(code: code, sql: sql) }
            index += 1
        }
    }

    /// The number of `?` parameters (the largest `?NNN`), which `execute` must be given.
    var parameterCount: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_bind_parameter_count(handle))
    }

    private func currentColumnNames(_ handle: OpaquePointer) -> [String] {
        let count = Int(sqlite3_column_count(handle))
        if let columnNames, columnNames.count == count { return columnNames }
        let names = (0..<Int32(count)).map { column in
            sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
        }
        columnNames = names
        return names
    }

    private func readValues(_ handle: OpaquePointer, count: Int) -> [SQLiteValue] {
        (0..<Int32(count)).map { column in readValue(handle, column: column) }
    }

    private func readValue(_ handle: OpaquePointer, column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The handle while statement and connection are open, else `.connectionClosed`.
    func openHandle() throws(StoreError) -> OpaquePointer {
        guard let handle, !database.isClosed else { throw .connectionClosed(path: database.path) }
        return handle
    }

    /// The error for a failed `sqlite3_step` (`code`), with the connection's message.
    func stepError(_ code: Int32) -> StoreError {
        database.error(code: code, sql: sql)
    }
}

/// One `?` parameter of a statement being bound: what `SQLiteBindable.bind(to:)` binds into.
///
/// Only `SQLiteStatement.bind` makes one, for the duration of one bind call, on its connection's owner thread.
public struct SQLiteParameterSlot {
    private let handle: OpaquePointer
    private let index: Int32

    init(handle: OpaquePointer, index: Int32) {
        self.handle = handle
        self.index = index
    }

    /// Binds an integer (`sqlite3_bind_int64`).
    public func bind(_ integer: Int64) -> Int32 {
        sqlite3_bind_int64(handle, index, integer)
    }

    /// Binds UTF-8 text, copied by SQLite before the call returns.
    public func bind(_ text: String) -> Int32 {
        let length = UInt64(text.utf8.count)
        return text.withCString { sqlite3_bind_text64(handle, index, $0, length, Self.transient, UInt8(SQLITE_UTF8)) }
    }

    /// Binds UTF-8 bytes as TEXT, copied by SQLite before the call returns (no `String` made of them).
    public func bindText(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            // A NULL data pointer would bind SQL NULL: the empty text gets a valid one.
            guard let base = buffer.baseAddress else { return sqlite3_bind_text64(handle, index, "", 0, nil, UInt8(SQLITE_UTF8)) }
            return sqlite3_bind_text64(handle, index, base.assumingMemoryBound(to: CChar.self), UInt64(buffer.count),
                                       Self.transient, UInt8(SQLITE_UTF8))
        }
    }

    /// Binds any storage class.
    public func bind(_ value: SQLiteValue) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return bind(integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(let text):
            return bind(text)
        case .blob(let bytes):
            // A NULL data pointer would bind SQL NULL, so the empty blob is bound explicitly.
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return bytes.withUnsafeBytes {
                sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), Self.transient)
            }
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
