/// The header names the server looks up on every request or response, told apart once when a field is parsed or
/// added, so that each later look-up compares one byte instead of the name.
///
/// Why: a request's head was searched by name about fifty times (Host, the framing fields, Connection, Expect,
/// X-Request-Id, traceparent, Authorization, Content-Type, and the response's own fields when it is written), each a
/// case-insensitive comparison with every field (measured: about 4,000 instructions a request). A field whose name is
/// none of these is `other`, so a look-up of a known name matches a field exactly when the names are equal ignoring
/// ASCII case. A plain value; any thread.
enum HTTPHeaderName: UInt8, Sendable {
    case other
    case host
    case date
    case expect
    case connection
    case traceparent
    case contentType
    case xRequestID
    case authorization
    case cacheControl
    case contentLength
    case transferEncoding

    /// The known name spelled by `bytes` in any case, or `other`.
    init(_ bytes: ArraySlice<UInt8>) {
        let candidate = Self.candidate(count: bytes.count, first: bytes.first ?? 0)
        guard candidate != .other else {
            self = .other
            return
        }
        self = Self.spells(bytes, candidate) ? candidate : .other
    }

    /// The known name spelled by `name` in any case, or `other`.
    init(_ name: String) {
        let utf8 = name.utf8
        let candidate = Self.candidate(count: utf8.count, first: utf8.first ?? 0)
        guard candidate != .other else {
            self = .other
            return
        }
        // The usual spelling, a lower-case literal such as "content-type", is one comparison of two small strings;
        // walking its UTF-8 view byte by byte cost about 450 instructions a name.
        if name == candidate.lowercasedName {
            self = candidate
            return
        }
        self = Self.spells(utf8, candidate) ? candidate : .other
    }

    /// Whether `bytes` (as many as `candidate`'s name has) spell `candidate`'s name in any case.
    private static func spells(_ bytes: some Sequence<UInt8>, _ candidate: HTTPHeaderName) -> Bool {
        let spelling = candidate.lowercasedBytes
        var offset = 0
        for byte in bytes {
            guard HTTPHeaders.lowercased(byte) == spelling[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// The only known name a name of `count` bytes starting with `first` can be (`other` when there is none).
    private static func candidate(count: Int, first: UInt8) -> HTTPHeaderName {
        let first = HTTPHeaders.lowercased(first)
        switch count {
        case 4: return first == UInt8(ascii: "h") ? .host : .date
        case 6: return .expect
        case 10: return .connection
        case 11: return .traceparent
        case 12: return first == UInt8(ascii: "x") ? .xRequestID : .contentType
        case 13: return first == UInt8(ascii: "a") ? .authorization : .cacheControl
        case 14: return .contentLength
        case 17: return .transferEncoding
        default: return .other
        }
    }

    /// The name in lower case (empty for `other`).
    var lowercasedName: String { Self.names[Int(rawValue)] }

    /// The bytes of `lowercasedName`.
    var lowercasedBytes: [UInt8] { Self.spellings[Int(rawValue)] }

    private static let names = [
        "", "host", "date", "expect", "connection", "traceparent", "content-type", "x-request-id", "authorization",
        "cache-control", "content-length", "transfer-encoding",
    ]
    private static let spellings: [[UInt8]] = names.map { Array($0.utf8) }
}
