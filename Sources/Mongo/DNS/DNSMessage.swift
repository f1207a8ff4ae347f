/// The DNS messages `mongodb+srv` needs (RFC 1035 §4, RFC 2782 for SRV): one question out, SRV and TXT answers in.
///
/// Pure and strict: every offset is bounds-checked, compression pointers may only point backwards and at most 32 are
/// followed, so a hostile answer cannot loop or trap.
public enum DNSMessage {
    public static let typeSRV: UInt16 = 33
    public static let typeTXT: UInt16 = 16

    /// One SRV answer.
    public struct ServiceRecord: Sendable, Equatable {
        public var priority: UInt16
        public var weight: UInt16
        public var port: UInt16
        public var target: String
    }

    /// A parsed response: its id, whether it was truncated (TC), the response code, and the answers of the asked type.
    public struct Response: Sendable, Equatable {
        public var id: UInt16
        public var isTruncated: Bool
        public var responseCode: UInt8
        public var services: [ServiceRecord]
        public var texts: [String]
    }

    /// A recursive query for `name` of `type`.
    public static func query(id: UInt16, name: String, type: UInt16) throws(DNSError) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8)
            guard (1...63).contains(utf8.count) else { throw .invalidName(name) }
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes += [0, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
        guard bytes.count <= 512 else { throw .invalidName(name) }
        return bytes
    }

    /// Parses a response and keeps the answers of `type` (class IN).
    public static func parse(_ bytes: [UInt8], type: UInt16) throws(DNSError) -> Response {
        guard bytes.count >= 12 else { throw .malformed(offset: 0) }
        let flags = try u16(bytes, 2)
        guard flags & 0x8000 != 0 else { throw .malformed(offset: 2) }
        var response = Response(id: try u16(bytes, 0), isTruncated: flags & 0x0200 != 0,
                                responseCode: UInt8(flags & 0x000F), services: [], texts: [])
        let questions = Int(try u16(bytes, 4))
        let answers = Int(try u16(bytes, 6))
        var position = 12
        for _ in 0..<questions {
            position = try readName(bytes, at: position).1 + 4
        }
        for _ in 0..<answers {
            position = try readName(bytes, at: position).1
            let recordType = try u16(bytes, position)
            let recordClass = try u16(bytes, position + 2)
            let length = Int(try u16(bytes, position + 8))
            let start = position + 10
            guard start + length <= bytes.count else { throw .malformed(offset: position) }
            if recordType == type && recordClass == 1 {
                if type == typeSRV {
                    guard length >= 7 else { throw .malformed(offset: start) }
                    let target = try readName(bytes, at: start + 6).0
                    response.services.append(ServiceRecord(priority: try u16(bytes, start), weight: try u16(bytes, start + 2),
                                                           port: try u16(bytes, start + 4), target: target))
                } else if type == typeTXT {
                    response.texts.append(try readCharacterStrings(bytes, from: start, to: start + length))
                }
            }
            position = start + length
        }
        return response
    }

    private static func readCharacterStrings(_ bytes: [UInt8], from start: Int, to end: Int) throws(DNSError) -> String {
        var text: [UInt8] = []
        var position = start
        while position < end {
            let count = Int(bytes[position])
            guard position + 1 + count <= end else { throw .malformed(offset: position) }
            text += bytes[(position + 1)..<(position + 1 + count)]
            position += 1 + count
        }
        guard let string = String(validating: text, as: UTF8.self) else { throw .malformed(offset: start) }
        return string
    }

    /// Reads a possibly compressed name; returns it (without the trailing dot) and the offset after it in place.
    static func readName(_ bytes: [UInt8], at offset: Int) throws(DNSError) -> (String, Int) {
        var labels: [String] = []
        var position = offset
        var end: Int?
        var jumps = 0
        while true {
            guard position < bytes.count else { throw .malformed(offset: position) }
            let length = Int(bytes[position])
            if length == 0 {
                return (labels.joined(separator: "."), end ?? position + 1)
            } else if length & 0xC0 == 0xC0 {
                let pointer = Int(try u16(bytes, position) & 0x3FFF)
                jumps += 1
                guard jumps <= 32, pointer < position else { throw .malformed(offset: position) }
                end = end ?? position + 2
                position = pointer
            } else {
                guard length <= 63, position + 1 + length <= bytes.count else { throw .malformed(offset: position) }
                guard let label = String(validating: bytes[(position + 1)...(position + length)], as: UTF8.self) else {
                    throw .malformed(offset: position)
                }
                labels.append(label)
                position += 1 + length
            }
        }
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) throws(DNSError) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { throw .malformed(offset: offset) }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }
}

/// Why a DNS lookup failed.
public enum DNSError: Error, Equatable, Sendable {
    case invalidName(String)
    case malformed(offset: Int)
    /// The server answered with a non-zero RCODE (3 = NXDOMAIN).
    case responseCode(name: String, code: UInt8)
    case noAnswer(name: String)
    case timedOut(server: String)
    case system(function: String, errno: Int32)
    case noNameserver
}
