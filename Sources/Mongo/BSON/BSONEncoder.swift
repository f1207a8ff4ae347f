/// Writes BSON documents (https://bsonspec.org/spec.html), little-endian, with length prefixes patched in place.
///
/// Stateless; safe from any thread. Keys with a NUL byte are refused (they would end the C string early).
public enum BSONEncoder {
    /// The bytes of `document`.
    /// - Throws: `BSONError.keyContainsNUL` for an unencodable key.
    public static func encode(_ document: BSONDocument) throws(BSONError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        try append(document, to: &output)
        return output
    }

    /// Appends `document` to `output`.
    public static func append(_ document: BSONDocument, to output: inout [UInt8]) throws(BSONError) {
        let start = output.count
        appendInt32(0, to: &output)
        for element in document.elements {
            try appendElement(key: element.key, value: element.value, to: &output)
        }
        output.append(0)
        patchInt32(Int32(output.count - start), at: start, in: &output)
    }

    private static func appendElement(key: String, value: BSONValue, to output: inout [UInt8]) throws(BSONError) {
        output.append(value.typeCode)
        try appendCString(key, to: &output)
        switch value {
        case .double(let number): appendUInt64(number.bitPattern, to: &output)
        case .string(let text): appendString(text, to: &output)
        case .document(let document): try append(document, to: &output)
        case .array(let values):
            var document = BSONDocument()
            for (index, element) in values.enumerated() { document.append(String(index), element) }
            try append(document, to: &output)
        case .binary(let subtype, let bytes) where subtype == 0x02:  // the deprecated subtype repeats the length.
            appendInt32(Int32(bytes.count + 4), to: &output)
            output.append(subtype)
            appendInt32(Int32(bytes.count), to: &output)
            output += bytes
        case .binary(let subtype, let bytes):
            appendInt32(Int32(bytes.count), to: &output)
            output.append(subtype)
            output += bytes
        case .objectID(let id): output += id.bytes
        case .bool(let flag): output.append(flag ? 1 : 0)
        case .datetime(let milliseconds): appendUInt64(UInt64(bitPattern: milliseconds), to: &output)
        case .null: break
        case .int32(let number): appendInt32(number, to: &output)
        case .timestamp(let number): appendUInt64(number, to: &output)
        case .int64(let number): appendUInt64(UInt64(bitPattern: number), to: &output)
        case .decimal128(let bytes): output += (bytes + [UInt8](repeating: 0, count: 16)).prefix(16)
        }
    }

    static func appendCString(_ text: String, to output: inout [UInt8]) throws(BSONError) {
        let bytes = Array(text.utf8)
        guard !bytes.contains(0) else { throw .keyContainsNUL(key: text) }
        output += bytes
        output.append(0)
    }

    static func appendString(_ text: String, to output: inout [UInt8]) {
        let bytes = Array(text.utf8)
        appendInt32(Int32(bytes.count + 1), to: &output)
        output += bytes
        output.append(0)
    }

    /// Appends a little-endian int32.
    package static func appendInt32(_ value: Int32, to output: inout [UInt8]) {
        let bits = UInt32(bitPattern: value)
        output += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                   UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
    }

    static func appendUInt64(_ value: UInt64, to output: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Overwrites four bytes at `offset` with a little-endian int32 (a length prefix written last).
    package static func patchInt32(_ value: Int32, at offset: Int, in output: inout [UInt8]) {
        let bits = UInt32(bitPattern: value)
        for index in 0..<4 { output[offset + index] = UInt8(truncatingIfNeeded: bits >> UInt32(index * 8)) }
    }
}
