/// Big-endian integer and length-prefixed field helpers for the replication wire format.
///
/// `ReplicationByteReader` reads what these append, throwing `ReplicationError.malformedFrame` on short input.
enum ReplicationBytes {
    static func appendInt64(_ value: Int64, to bytes: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    static func appendUInt32(_ value: Int, to bytes: inout [UInt8]) {
        let bits = UInt32(truncatingIfNeeded: value)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
    }

    static func appendField(_ field: [UInt8], to bytes: inout [UInt8]) {
        appendUInt32(field.count, to: &bytes)
        bytes.append(contentsOf: field)
    }
}

/// A cursor over received bytes; every read checks the remaining length.
struct ReplicationByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func readInt64() throws(ReplicationError) -> Int64 {
        let slice = try take(8)
        return Int64(bitPattern: slice.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    mutating func readUInt32() throws(ReplicationError) -> Int {
        let slice = try take(4)
        return Int(slice.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    mutating func readField() throws(ReplicationError) -> [UInt8] {
        let length = try readUInt32()
        return Array(try take(length))
    }

    mutating func take(_ count: Int) throws(ReplicationError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else {
            throw .malformedFrame(offset: offset, detail: "needed \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
