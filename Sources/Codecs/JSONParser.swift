/// Why a request body is not acceptable JSON; carries the byte offset so the message can point at it.
public enum JSONParseError: Error, Equatable, Sendable {
    case unexpectedEnd
    case unexpectedByte(offset: Int)
    case invalidNumber(offset: Int)
    case invalidString(offset: Int)
    case duplicateKey(key: String)
    case tooDeep(limit: Int)
    case trailingData(offset: Int)

    public var message: String {
        switch self {
        case .unexpectedEnd: "The body ends in the middle of a JSON value."
        case .unexpectedByte(let offset): "The body is not valid JSON (unexpected character at byte \(offset))."
        case .invalidNumber(let offset): "The body has an invalid JSON number at byte \(offset)."
        case .invalidString(let offset): "The body has an invalid JSON string at byte \(offset)."
        case .duplicateKey(let key): "The body repeats the key '\(key)'."
        case .tooDeep(let limit): "The body nests deeper than \(limit) levels."
        case .trailingData(let offset): "The body has data after the JSON value (byte \(offset))."
        }
    }
}

/// A strict RFC 8259 parser for request bodies: rejects duplicate keys, trailing data, invalid UTF-8 and deep nesting,
/// and keeps integers apart from fractional numbers.
///
/// A value used on the event loop that received the request; bodies are already bounded by the server's limits.
public struct JSONParser {
    public static let maxDepth = 32
    private let bytes: [UInt8]
    private var offset = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one JSON value filling all of `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw .trailingData(offset: parser.offset) }
        return value
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private func peek() throws(JSONParseError) -> UInt8 {
        guard offset < bytes.count else { throw .unexpectedEnd }
        return bytes[offset]
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < Self.maxDepth else { throw .tooDeep(limit: Self.maxDepth) }
        switch try peek() {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw .unexpectedByte(offset: offset)
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        for expected in literal.utf8 {
            guard try peek() == expected else { throw .unexpectedByte(offset: offset) }
            offset += 1
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        offset += 1
        var members = [String: JSONValue](minimumCapacity: 8)   // no rehashing while a body's few keys go in
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            offset += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw .unexpectedByte(offset: offset) }
            let key = try parseString()
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw .unexpectedByte(offset: offset) }
            offset += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            guard members.updateValue(value, forKey: key) == nil else { throw .duplicateKey(key: key) }
            skipWhitespace()
            let next = try peek()
            offset += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { throw .unexpectedByte(offset: offset - 1) }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            offset += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            let next = try peek()
            offset += 1
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else { throw .unexpectedByte(offset: offset - 1) }
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        var isInteger = true
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw .invalidNumber(offset: start) }
        if bytes[offset] == UInt8(ascii: "0"), offset + 1 < bytes.count, isDigit(bytes[offset + 1]) {
            throw .invalidNumber(offset: start)
        }
        skipDigits()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw .invalidNumber(offset: start) }
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw .invalidNumber(offset: start) }
            skipDigits()
        }
        if isInteger, let integer = integerValue(start..<offset) { return .integer(integer) }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw .invalidNumber(offset: start) }
        return .number(number)
    }

    /// The integer an optional `-` and digits spell, or nil when it does not fit `Int64` (what `Int64(String)` gives,
    /// without building the String: a body's integers are read on every write request).
    private func integerValue(_ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var value: Int64 = 0   // accumulated negatively, so Int64.min fits
        while index < range.upperBound {
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.subtractingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { return nil }
            value = next
            index += 1
        }
        if isNegative { return value }
        return value == .min ? nil : -value
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = offset
        offset += 1
        // Fast path: a string without escapes is its bytes, validated once (keys and values of request bodies
        // almost never hold one; building it scalar by scalar cost several thousand instructions per string).
        var end = offset
        var isASCII = true
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
            if bytes[end] >= 0x80 { isASCII = false }
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            // ASCII is valid UTF-8 as it is: decoding skips the generic validation (about 650 instructions a
            // string in run-time type look-ups alone).
            if isASCII {
                let text = String(decoding: bytes[offset..<end], as: UTF8.self)
                offset = end + 1
                return text
            }
            guard let text = String(validating: bytes[offset..<end], as: UTF8.self) else {
                throw .invalidString(offset: start)
            }
            offset = end + 1
            return text
        }
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        while true {
            guard offset < bytes.count else { throw .unexpectedEnd }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                try appendRun(runStart..<offset, to: &scalars, stringStart: start)
                if byte == UInt8(ascii: "\"") {
                    offset += 1
                    return String(scalars)
                }
                scalars.append(try parseEscape(stringStart: start))
                runStart = offset
            } else if byte < 0x20 {
                throw .invalidString(offset: offset)
            } else {
                offset += 1
            }
        }
    }

    private func appendRun(_ range: Range<Int>, to scalars: inout String.UnicodeScalarView,
                           stringStart: Int) throws(JSONParseError) {
        guard !range.isEmpty else { return }
        guard let text = String(validating: bytes[range], as: UTF8.self) else { throw .invalidString(offset: stringStart) }
        scalars.append(contentsOf: text.unicodeScalars)
    }

    private mutating func parseEscape(stringStart: Int) throws(JSONParseError) -> Unicode.Scalar {
        offset += 1
        let byte = try peek()
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                else { throw .invalidString(offset: stringStart) }
                offset += 2
                let second = try parseHex4()
                guard (0xDC00..<0xE000).contains(second),
                      let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                else { throw .invalidString(offset: stringStart) }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw .invalidString(offset: stringStart) }
            return scalar
        default:
            throw .invalidString(offset: offset - 1)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .unexpectedEnd }
        var value: UInt32 = 0
        for byte in bytes[offset..<offset + 4] {
            guard let digit = Hex.value(ofDigit: byte) else { throw .invalidString(offset: offset) }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }
}
