/// A strict BSON reader: checks every length against the bytes available and the enclosing document, every
/// terminator, every string's UTF-8, bool bytes, array keys and the nesting depth, and throws instead of trapping.
///
/// A value used by one thread for one call; fuzzed by `Fuzz/bson-decoder`. Offsets in errors count from the start of
/// the bytes given.
public struct BSONDecoder {
    /// Deepest nesting of documents and arrays accepted (MongoDB's own limit is 100 + a little).
    public var maxDepth: Int

    public init(maxDepth: Int = 100) {
        self.maxDepth = maxDepth
    }

    /// Decodes exactly one document that fills `bytes`.
    /// - Throws: `BSONError` naming the first problem and its offset.
    public func decode(_ bytes: [UInt8]) throws(BSONError) -> BSONDocument {
        let (document, end) = try decodeDocument(bytes, at: 0, limit: bytes.count)
        guard end == bytes.count else { throw .trailingBytes(offset: end, count: bytes.count - end) }
        return document
    }

    /// Decodes one document starting at `offset` that must end by `limit`; returns it and the offset after it.
    public func decodeDocument(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> (BSONDocument, Int) {
        try document(bytes, at: offset, limit: min(limit, bytes.count), depth: 1)
    }

    private func document(_ bytes: [UInt8], at offset: Int, limit: Int, depth: Int) throws(BSONError) -> (BSONDocument, Int) {
        guard depth <= maxDepth else { throw .nestingTooDeep(offset: offset, limit: maxDepth) }
        let length = Int(try Self.readInt32(bytes, at: offset, limit: limit))
        guard length >= 5, length <= limit - offset else { throw .invalidDocumentLength(offset: offset, length: length) }
        let end = offset + length
        var position = offset + 4
        var result = BSONDocument()
        while position < end - 1 {
            let type = bytes[position]
            let (key, afterKey) = try Self.readCString(bytes, at: position + 1, limit: end - 1)
            let (value, next) = try element(type: type, bytes, at: afterKey, limit: end - 1, depth: depth, typeOffset: position)
            result.append(key, value)
            position = next
        }
        guard position == end - 1, bytes[position] == 0 else { throw .missingTerminator(offset: position) }
        return (result, end)
    }

    private func element(type: UInt8, _ bytes: [UInt8], at offset: Int, limit: Int, depth: Int,
                         typeOffset: Int) throws(BSONError) -> (BSONValue, Int) {
        switch type {
        case 0x01: return (.double(Double(bitPattern: try Self.readUInt64(bytes, at: offset, limit: limit))), offset + 8)
        case 0x02:
            let (text, next) = try Self.readString(bytes, at: offset, limit: limit)
            return (.string(text), next)
        case 0x03:
            let (nested, next) = try document(bytes, at: offset, limit: limit, depth: depth + 1)
            return (.document(nested), next)
        case 0x04:
            let (nested, next) = try document(bytes, at: offset, limit: limit, depth: depth + 1)
            for (index, element) in nested.elements.enumerated() where element.key != String(index) {
                throw .invalidArrayKey(offset: offset, key: element.key)
            }
            return (.array(nested.elements.map(\.value)), next)
        case 0x05: return try binary(bytes, at: offset, limit: limit)
        case 0x07:
            let raw = try Self.read(bytes, at: offset, count: 12, limit: limit)
            guard let id = ObjectID(bytes: raw) else { throw .truncated(offset: offset, needed: 12) }
            return (.objectID(id), offset + 12)
        case 0x08:
            let byte = try Self.read(bytes, at: offset, count: 1, limit: limit)[0]
            guard byte <= 1 else { throw .invalidBool(offset: offset, byte: byte) }
            return (.bool(byte == 1), offset + 1)
        case 0x09: return (.datetime(Int64(bitPattern: try Self.readUInt64(bytes, at: offset, limit: limit))), offset + 8)
        case 0x0A: return (.null, offset)
        case 0x10: return (.int32(try Self.readInt32(bytes, at: offset, limit: limit)), offset + 4)
        case 0x11: return (.timestamp(try Self.readUInt64(bytes, at: offset, limit: limit)), offset + 8)
        case 0x12: return (.int64(Int64(bitPattern: try Self.readUInt64(bytes, at: offset, limit: limit))), offset + 8)
        case 0x13: return (.decimal128(try Self.read(bytes, at: offset, count: 16, limit: limit)), offset + 16)
        default: throw .unknownType(offset: typeOffset, type: type)
        }
    }

    private func binary(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> (BSONValue, Int) {
        let length = Int(try Self.readInt32(bytes, at: offset, limit: limit))
        guard length >= 0, length <= limit - offset - 5 else { throw .invalidBinaryLength(offset: offset, length: length) }
        let subtype = bytes[offset + 4]
        var start = offset + 5
        var count = length
        if subtype == 0x02 {  // the deprecated "old binary" subtype repeats the length inside.
            let inner = Int(try Self.readInt32(bytes, at: start, limit: start + length))
            guard inner == length - 4 else { throw .invalidBinaryLength(offset: start, length: inner) }
            start += 4
            count = inner
        }
        return (.binary(subtype: subtype, bytes: Array(bytes[start..<(start + count)])), offset + 5 + length)
    }

    // MARK: - Primitive readers

    static func read(_ bytes: [UInt8], at offset: Int, count: Int, limit: Int) throws(BSONError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= limit - count else { throw .truncated(offset: offset, needed: count) }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Reads a little-endian int32 at `offset` that must end by `limit`.
    package static func readInt32(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> Int32 {
        guard offset >= 0, offset <= limit - 4 else { throw .truncated(offset: offset, needed: 4) }
        var bits: UInt32 = 0
        for index in 0..<4 { bits |= UInt32(bytes[offset + index]) << UInt32(index * 8) }
        return Int32(bitPattern: bits)
    }

    static func readUInt64(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> UInt64 {
        guard offset >= 0, offset <= limit - 8 else { throw .truncated(offset: offset, needed: 8) }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        return bits
    }

    /// Reads a NUL-terminated UTF-8 string at `offset` (the NUL must come before `limit`).
    package static func readCString(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> (String, Int) {
        guard offset >= 0, offset < limit else { throw .truncated(offset: offset, needed: 1) }
        var end = offset
        while end < limit, bytes[end] != 0 { end += 1 }
        guard end < limit else { throw .missingTerminator(offset: offset) }
        guard let text = String(validating: bytes[offset..<end], as: UTF8.self) else { throw .invalidUTF8(offset: offset) }
        return (text, end + 1)
    }

    static func readString(_ bytes: [UInt8], at offset: Int, limit: Int) throws(BSONError) -> (String, Int) {
        let length = Int(try readInt32(bytes, at: offset, limit: limit))
        guard length >= 1, length <= limit - offset - 4 else { throw .invalidStringLength(offset: offset, length: length) }
        let start = offset + 4
        let end = start + length - 1
        guard bytes[end] == 0 else { throw .invalidStringLength(offset: offset, length: length) }
        guard let text = String(validating: bytes[start..<end], as: UTF8.self) else { throw .invalidUTF8(offset: start) }
        return (text, end + 1)
    }
}
