#if canImport(Glibc)
import Glibc
#endif
import CSQLite

/// The session extension's changeset format, written byte for byte as `sqlite3session_changeset` writes it.
///
/// Stateless helpers for `SQLiteChangeRecorder` (writer thread). A changeset is a run of tables, each a header (`T`,
/// the column count as a varint, one primary-key byte per column, the NUL-terminated name) followed by its changes (an
/// operation byte, the indirect flag, then the old and/or new record). A record holds one field per column: a type
/// byte (0 undefined, 1 integer, 2 real, 3 text, 4 blob, 5 NULL), then 8 big-endian bytes for an integer or a real,
/// or a varint length and the bytes for text or a blob. See https://www.sqlite.org/sessionintro.html and the
/// "CHANGESET FORMAT" comment of SQLite's `ext/session/sqlite3session.c`.
enum SQLiteChangesetFormat {
    /// The table header's first byte (`T`: a changeset, not a patchset).
    static let tableHeader: UInt8 = 0x54
    /// A field left out of a record (an UPDATE's unchanged columns, an INSERT's recorded non-key columns).
    static let undefined: UInt8 = 0
    static let integer = UInt8(SQLITE_INTEGER)
    static let real = UInt8(SQLITE_FLOAT)
    static let text = UInt8(SQLITE_TEXT)
    static let blob = UInt8(SQLITE_BLOB)
    static let null = UInt8(SQLITE_NULL)

    /// Reads the varint at `offset` of `bytes` (values up to 2^31, as the format's lengths are): (value, byte count).
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (value: Int, length: Int) {
        var value = 0
        var index = offset
        while index < bytes.count, index - offset < 8 {
            let byte = bytes[index]
            value = (value << 7) | Int(byte & 0x7f)
            index += 1
            if byte & 0x80 == 0 { return (value & 0x7fff_ffff, index - offset) }
        }
        if index < bytes.count { value = (value << 8) | Int(bytes[index]); index += 1 }
        return (value & 0x7fff_ffff, index - offset)
    }

    /// Reads 8 big-endian bytes at `offset`.
    @inline(__always)
    static func readBigEndian(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset + 8 <= bytes.count, "a changeset field read past its record")
        guard let base = bytes.baseAddress else { return 0 }
        return UInt64(bigEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// Appends one field holding `value` (a `sqlite3_value*`; nil writes the undefined byte). With `emptyBlobForNull`
    /// a NULL is written as a zero-length blob, as the session does for `sqlite_stat1.idx`.
    static func appendValue(_ value: OpaquePointer?, emptyBlobForNull: Bool = false, to bytes: inout SQLiteChangeBytes) {
        guard let value else {
            bytes.append(undefined)
            return
        }
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER:
            bytes.append(integer)
            bytes.appendBigEndian(UInt64(bitPattern: sqlite3_value_int64(value)))
        case SQLITE_FLOAT:
            bytes.append(real)
            bytes.appendBigEndian(sqlite3_value_double(value).bitPattern)
        case SQLITE_TEXT:
            let start = UnsafeRawPointer(sqlite3_value_text(value))
            appendBytes(type: text, start: start, count: Int(sqlite3_value_bytes(value)), to: &bytes)
        case SQLITE_BLOB:
            let start = sqlite3_value_blob(value)
            appendBytes(type: blob, start: start, count: Int(sqlite3_value_bytes(value)), to: &bytes)
        default:
            if emptyBlobForNull {
                bytes.append(blob)
                bytes.append(0)
            } else {
                bytes.append(null)
            }
        }
    }

    /// Appends one field holding column `column` of the row `statement` points at.
    static func appendColumn(_ statement: OpaquePointer, _ column: Int32, to bytes: inout SQLiteChangeBytes) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            bytes.append(integer)
            bytes.appendBigEndian(UInt64(bitPattern: sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            bytes.append(real)
            bytes.appendBigEndian(sqlite3_column_double(statement, column).bitPattern)
        case SQLITE_TEXT:
            let start = UnsafeRawPointer(sqlite3_column_text(statement, column))
            appendBytes(type: text, start: start, count: Int(sqlite3_column_bytes(statement, column)), to: &bytes)
        case SQLITE_BLOB:
            let start = sqlite3_column_blob(statement, column)
            appendBytes(type: blob, start: start, count: Int(sqlite3_column_bytes(statement, column)), to: &bytes)
        default:
            bytes.append(null)
        }
    }

    private static func appendBytes(type: UInt8, start: UnsafeRawPointer?, count: Int, to bytes: inout SQLiteChangeBytes) {
        bytes.append(type)
        bytes.appendVarint(UInt64(count))
        bytes.append(start, byteCount: count)
    }

    /// The length of the field starting at `offset` (type byte included).
    static func fieldLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        switch bytes[offset] {
        case integer, real:
            return 9
        case text, blob:
            let (count, length) = readVarint(bytes, at: offset + 1)
            return 1 + length + count
        default:
            return 1
        }
    }

    /// Whether the field at `offset` of `bytes` and the one at `otherOffset` of `other` hold the same value, as the
    /// session compares a row's key: same type, and equal integers, equal reals (so 0.0 equals -0.0), equal bytes.
    static func fieldsEqual(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int,
                            _ other: UnsafeBufferPointer<UInt8>, at otherOffset: Int) -> Bool {
        let type = bytes[offset]
        guard other[otherOffset] == type else { return false }
        if type == real {
            return Double(bitPattern: readBigEndian(bytes, at: offset + 1))
                == Double(bitPattern: readBigEndian(other, at: otherOffset + 1))
        }
        let length = fieldLength(bytes, at: offset)
        guard fieldLength(other, at: otherOffset) == length else { return false }
        guard let start = bytes.baseAddress, let otherStart = other.baseAddress else { return length == 0 }
        return bytesEqual(UnsafeRawPointer(start + offset), UnsafeRawPointer(otherStart + otherOffset), count: length)
    }

    /// Whether the `count` bytes at `first` and at `second` are equal. `memcmp`, not `elementsEqual` (a generic
    /// byte loop: about 1k instructions per lone bid).
    static func bytesEqual(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(first, second, count) == 0
    }

    /// The session's hash step (`HASH_APPEND`): `(hash << 3) ^ hash ^ add`, in 32 bits.
    @inline(__always)
    static func hashAppend(_ hash: UInt32, _ add: UInt32) -> UInt32 {
        (hash << 3) ^ hash ^ add
    }

    /// The session's hash of a row key: over each key field, its type, then the 64-bit value low word first, or
    /// every byte of the text or blob. `fields` holds the key fields one after another.
    static func keyHash(_ fields: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0
        var offset = 0
        while offset < fields.count {
            let type = fields[offset]
            hash = hashAppend(hash, UInt32(type))
            switch type {
            case integer, real:
                let value = readBigEndian(fields, at: offset + 1)
                hash = hashAppend(hash, UInt32(truncatingIfNeeded: value))
                hash = hashAppend(hash, UInt32(truncatingIfNeeded: value >> 32))
                offset += 9
            case text, blob:
                let (count, length) = readVarint(fields, at: offset + 1)
                let start = offset + 1 + length
                for index in start..<(start + count) { hash = hashAppend(hash, UInt32(fields[index])) }
                offset = start + count
            default:
                offset += 1
            }
        }
        return hash
    }
}
