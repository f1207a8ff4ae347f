import CSQLite

/// The row a statement is positioned on while `SQLExecutor.forEachRow` steps it: cells read by position straight
/// from SQLite (`sqlite3_column_*`), with no `Row`, no `[SQLiteValue]` and no column-name lookups.
///
/// Exists for hot reads that write each row straight into a response (a 100-square area): copying every cell into
/// `SQLiteValue`s and finding columns by name was most of such a read. Non-copyable and only ever lent to the
/// `forEachRow` closure, so it cannot outlive the step it describes; same owner as its connection. The typed
/// accessors throw `.typeMismatch` (naming the column) when a cell holds another storage class, as `Row`'s do.
/// See https://www.sqlite.org/c3ref/column_blob.html .
public struct SQLiteRow: ~Copyable {
    private let statement: SQLiteStatement
    private let handle: OpaquePointer

    init(statement: SQLiteStatement, handle: OpaquePointer) {
        self.statement = statement
        self.handle = handle
    }

    /// Whether the cell at `column` (0-based) is NULL.
    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The cell of an `INTEGER NOT NULL` column of a STRICT table, read without asking its storage class: SQLite
    /// itself guarantees such a cell is an integer (https://www.sqlite.org/stricttables.html), so the type check
    /// `int64` makes (one more call into SQLite per cell) cannot fail. Only for such columns, or an `INTEGER` column
    /// of a STRICT table that a CHECK keeps not NULL in the rows read; selected as they are (not through an
    /// expression or an outer join, which can give NULL, read here as 0).
    public func strictInt64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// An INTEGER cell.
    public func int64(_ column: Int32) throws(StoreError) -> Int64 {
        let type = sqlite3_column_type(handle, column)
        guard type == SQLITE_INTEGER else { throw mismatch(column, "integer", type) }
        return sqlite3_column_int64(handle, column)
    }

    /// A nullable INTEGER cell. One call into the statement (`sqlite3_column_value`) and two reads of the value,
    /// instead of two column calls: the hot reads ask this of several cells per row. The value is "unprotected"
    /// (https://www.sqlite.org/c3ref/column_blob.html), which only matters when threads share a connection; ours has
    /// one owning thread, and the value is read before the statement steps again.
    public func optionalInt64(_ column: Int32) throws(StoreError) -> Int64? {
        guard let value = sqlite3_column_value(handle, column) else { return nil }
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return sqlite3_value_int64(value)
        case SQLITE_NULL: return nil
        case let type: throw mismatch(column, "integer or null", type)
        }
    }

    /// An INTEGER cell holding 0 (false) or 1 (true).
    public func bool(_ column: Int32) throws(StoreError) -> Bool {
        let type = sqlite3_column_type(handle, column)
        if type == SQLITE_INTEGER {
            switch sqlite3_column_int64(handle, column) {
            case 0: return false
            case 1: return true
            default: break
            }
        }
        throw mismatch(column, "boolean (integer 0 or 1)", type)
    }

    /// A nullable TEXT cell (one call into the statement, as `optionalInt64`).
    public func optionalString(_ column: Int32) throws(StoreError) -> String? {
        guard let value = sqlite3_column_value(handle, column) else { return nil }
        switch sqlite3_value_type(value) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return "" }
            let count = Int(sqlite3_value_bytes(value))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        case let type: throw mismatch(column, "text or null", type)
        }
    }

    /// The first byte of a nullable TEXT cell (nil when NULL, 0 when empty), read without making a `String`: for a
    /// column a CHECK keeps to a few words that differ in their first byte (a square's `resource_kind`). Making the
    /// `String` and comparing it cost about 90 instructions a row of a 100-square area read (callgrind).
    public func firstTextByte(_ column: Int32) throws(StoreError) -> UInt8? {
        guard let value = sqlite3_column_value(handle, column) else { return nil }
        switch sqlite3_value_type(value) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value), sqlite3_value_bytes(value) > 0 else { return 0 }
            return text[0]
        case let type: throw mismatch(column, "text or null", type)
        }
    }

    /// Appends the bytes of a TEXT cell to `output` without making a `String` of them and returns true; false (nothing
    /// appended) when the cell is NULL. For cells that are already a response's bytes (a land square's stored JSON
    /// object): one copy from SQLite's buffer into the body.
    public func appendText(_ column: Int32, to output: inout [UInt8]) throws(StoreError) -> Bool {
        guard let value = sqlite3_column_value(handle, column) else { return false }
        switch sqlite3_value_type(value) {
        case SQLITE_NULL: return false
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return true }
            output.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
            return true
        case let type: throw mismatch(column, "text or null", type)
        }
    }

    /// Appends the bytes of a TEXT cell to `output` and returns nil, or returns the value of an INTEGER cell (nothing
    /// appended): for a column that holds either a response's bytes or, when they are missing, the id to make them
    /// from (`coalesce(square_json, id)`). One call into the statement per row.
    public func appendTextOrInteger(_ column: Int32, to output: inout [UInt8]) throws(StoreError) -> Int64? {
        guard let value = sqlite3_column_value(handle, column) else { throw mismatch(column, "text or integer", SQLITE_NULL) }
        switch sqlite3_value_type(value) {
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
            return nil
        case SQLITE_INTEGER: return sqlite3_value_int64(value)
        case let type: throw mismatch(column, "text or integer", type)
        }
    }

    /// A TEXT cell.
    public func string(_ column: Int32) throws(StoreError) -> String {
        guard let text = try optionalString(column) else { throw mismatch(column, "text", SQLITE_NULL) }
        return text
    }

    private func mismatch(_ column: Int32, _ expected: String, _ type: Int32) -> StoreError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "#\(column)"
        let actual = switch type {
        case SQLITE_INTEGER: "integer"
        case SQLITE_FLOAT: "real"
        case SQLITE_TEXT: "text"
        case SQLITE_BLOB: "blob"
        default: "null"
        }
        return .typeMismatch(column: name, expected: expected, actual: actual)
    }
}

extension SQLiteStatement {
    /// Binds `arguments` and calls `body` with each result row in turn; always resets and clears the bindings.
    func forEachRow(_ arguments: [any SQLiteBindable],
                    _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(StoreError) {
        let handle = try openHandle()
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments, to: handle)
        let row = SQLiteRow(statement: self, handle: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw stepError(code) }
            try body(row)
        }
    }
}
