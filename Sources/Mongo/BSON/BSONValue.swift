/// One BSON value (https://bsonspec.org/spec.html): every type the export writes and every type a server answers with.
///
/// A plain value, freely shared between threads. `decimal128` is kept as its 16 opaque bytes (the export never does
/// arithmetic on it); `timestamp` is the server's internal (increment, seconds) pair as one `UInt64`.
public enum BSONValue: Sendable, Equatable {
    case double(Double)
    case string(String)
    case document(BSONDocument)
    case array([BSONValue])
    /// Binary data with its subtype (0 generic, 4 UUID).
    case binary(subtype: UInt8, bytes: [UInt8])
    case objectID(ObjectID)
    case bool(Bool)
    /// UTC datetime, milliseconds since the Unix epoch.
    case datetime(Int64)
    case null
    case int32(Int32)
    case timestamp(UInt64)
    case int64(Int64)
    /// IEEE 754-2008 decimal128 (BID), little-endian, as 16 opaque bytes.
    case decimal128([UInt8])

    /// The value as an integer when it is int32, int64 or a double without a fraction (servers mix the three for
    /// counts and codes).
    public var integerValue: Int64? {
        switch self {
        case .int32(let value): Int64(value)
        case .int64(let value): value
        case .double(let value): value.rounded() == value && abs(value) < 9.0e15 ? Int64(value) : nil
        default: nil
        }
    }

    /// The value as a string, or nil.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as a document, or nil.
    public var documentValue: BSONDocument? {
        if case .document(let value) = self { return value }
        return nil
    }

    /// The value as an array, or nil.
    public var arrayValue: [BSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The value as a bool (also numeric 0/1, as servers send `ok: 1.0`), or nil.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return integerValue.map { $0 != 0 }
    }

    /// The bytes of a binary value, or nil.
    public var binaryBytes: [UInt8]? {
        if case .binary(_, let bytes) = self { return bytes }
        return nil
    }

    /// The BSON element type byte.
    public var typeCode: UInt8 {
        switch self {
        case .double: 0x01
        case .string: 0x02
        case .document: 0x03
        case .array: 0x04
        case .binary: 0x05
        case .objectID: 0x07
        case .bool: 0x08
        case .datetime: 0x09
        case .null: 0x0A
        case .int32: 0x10
        case .timestamp: 0x11
        case .int64: 0x12
        case .decimal128: 0x13
        }
    }

    public static func == (lhs: BSONValue, rhs: BSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.document(let a), .document(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.binary(let s, let a), .binary(let t, let b)): s == t && a == b
        case (.objectID(let a), .objectID(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.datetime(let a), .datetime(let b)): a == b
        case (.null, .null): true
        case (.int32(let a), .int32(let b)): a == b
        case (.timestamp(let a), .timestamp(let b)): a == b
        case (.int64(let a), .int64(let b)): a == b
        case (.decimal128(let a), .decimal128(let b)): a == b
        default: false
        }
    }
}
