/// A result row, copied out of SQLite (safe to keep and send to another thread).
///
/// Read cells by position (`row[0]`) or, preferably, by name through the throwing typed accessors, which turn a missing
/// column or an unexpected storage class into a `StoreError` instead of a crash.
public struct Row: Sendable {
    /// The result column names, in order (shared by every row of one query).
    public var columnNames: [String]
    /// The cell values, parallel to `columnNames`.
    public var values: [SQLiteValue]

    /// A row with `values` under `columnNames` (both the same length).
    public init(columnNames: [String], values: [SQLiteValue]) {
        precondition(columnNames.count == values.count, "row has \(values.count) values for \(columnNames.count) columns")
        self.columnNames = columnNames
        self.values = values
    }

    /// The value at `index`; traps when out of range (a programmer error, like any array index).
    public subscript(_ index: Int) -> SQLiteValue { values[index] }

    /// The value of the first column called `name`, or `.null` when there is none.
    /// Use the typed accessors (`int64(_:)`…) to tell a missing column from a NULL one.
    public subscript(_ name: String) -> SQLiteValue {
        guard let index = index(of: name) else { return .null }
        return values[index]
    }

    /// The value of `column`, or `.columnMissing`.
    public func value(_ column: String) throws(StoreError) -> SQLiteValue {
        guard let index = index(of: column) else { throw .columnMissing(name: column) }
        return values[index]
    }

    /// The position of the first column called `name`. Comparing UTF-8 lengths first (O(1)) skips almost every other
    /// column before `String ==`, whose mismatch path is slow: the linear scan with `==` alone was a tenth of a
    /// 100-square read under callgrind. Names are SQL identifiers, so equal names have equal byte lengths.
    private func index(of name: String) -> Int? {
        let length = name.utf8.count
        for (index, candidate) in columnNames.enumerated() where candidate.utf8.count == length && candidate == name {
            return index
        }
        return nil
    }

    /// An INTEGER column.
    public func int64(_ column: String) throws(StoreError) -> Int64 {
        let value = try value(column)
        guard case .integer(let integer) = value else { throw mismatch(column, "integer", value) }
        return integer
    }

    /// An INTEGER column as `Int`.
    public func int(_ column: String) throws(StoreError) -> Int {
        Int(try int64(column))
    }

    /// A REAL column; an INTEGER value is converted.
    public func double(_ column: String) throws(StoreError) -> Double {
        let value = try value(column)
        switch value {
        case .real(let real): return real
        case .integer(let integer): return Double(integer)
        default: throw mismatch(column, "real", value)
        }
    }

    /// A TEXT column.
    public func string(_ column: String) throws(StoreError) -> String {
        let value = try value(column)
        guard case .text(let text) = value else { throw mismatch(column, "text", value) }
        return text
    }

    /// An INTEGER column holding 0 (false) or 1 (true).
    public func bool(_ column: String) throws(StoreError) -> Bool {
        let value = try value(column)
        switch value {
        case .integer(0): return false
        case .integer(1): return true
        default: throw mismatch(column, "boolean (integer 0 or 1)", value)
        }
    }

    /// A BLOB column.
    public func blob(_ column: String) throws(StoreError) -> [UInt8] {
        let value = try value(column)
        guard case .blob(let bytes) = value else { throw mismatch(column, "blob", value) }
        return bytes
    }

    /// A nullable INTEGER column.
    public func optionalInt64(_ column: String) throws(StoreError) -> Int64? {
        let value = try value(column)
        switch value {
        case .null: return nil
        case .integer(let integer): return integer
        default: throw mismatch(column, "integer or null", value)
        }
    }

    /// A nullable TEXT column.
    public func optionalString(_ column: String) throws(StoreError) -> String? {
        let value = try value(column)
        switch value {
        case .null: return nil
        case .text(let text): return text
        default: throw mismatch(column, "text or null", value)
        }
    }

    private func mismatch(_ column: String, _ expected: String, _ value: SQLiteValue) -> StoreError {
        .typeMismatch(column: column, expected: expected, actual: value.storageClassName)
    }
}
