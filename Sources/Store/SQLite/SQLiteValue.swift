/// One SQLite cell value, as bound to a statement or read from a row.
///
/// Mirrors SQLite's five storage classes (https://www.sqlite.org/datatype3.html). Text is UTF-8; integers are 64-bit.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The storage class name, for type-mismatch errors.
    public var storageClassName: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        }
    }
}

/// A Swift value that can be bound as a statement argument.
///
/// `bind(to:)` binds the value straight into the statement (`sqlite3_bind_int64` for an integer) without building a
/// `SQLiteValue` first: every statement of every write binds several, so the store's own conformances implement it.
/// Other conformances get a default that binds `sqliteValue`.
public protocol SQLiteBindable: Sendable {
    /// The value as SQLite will store it.
    var sqliteValue: SQLiteValue { get }
    /// Binds the value to the parameter `slot` names; returns the SQLite result code.
    func bind(to slot: SQLiteParameterSlot) -> Int32
}

extension SQLiteBindable {
    public func bind(to slot: SQLiteParameterSlot) -> Int32 {
        slot.bind(sqliteValue)
    }
}

extension SQLiteValue: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(self) }
}

extension Int: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(Int64(self)) }
}

extension Int64: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(self) }
}

extension Int32: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(Int64(self)) }
}

extension Bool: SQLiteBindable {
    /// `true` is stored as 1, `false` as 0 (SQLite has no boolean type).
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(Int64(self ? 1 : 0)) }
}

extension Double: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(self) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bind(self) }
}

extension [UInt8]: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .blob(self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    /// `nil` binds as SQL NULL.
    public var sqliteValue: SQLiteValue {
        switch self {
        case .none: .null
        case .some(let value): value.sqliteValue
        }
    }

    public func bind(to slot: SQLiteParameterSlot) -> Int32 {
        switch self {
        case .none: slot.bind(SQLiteValue.null)
        case .some(let value): value.bind(to: slot)
        }
    }
}

/// UTF-8 bytes bound as TEXT, straight from the array (no `String` made of them): for text a writer already holds as
/// bytes, such as a land square's stored JSON object. The bytes must be valid UTF-8.
public struct SQLiteTextBytes: SQLiteBindable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var sqliteValue: SQLiteValue { .text(String(decoding: bytes, as: UTF8.self)) }
    public func bind(to slot: SQLiteParameterSlot) -> Int32 { slot.bindText(bytes) }
}
