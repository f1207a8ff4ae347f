import Codecs
/// Splits a request-target into path and query and percent-decodes query and path-parameter text (RFC 3986 §2.1).
///
/// Stateless helpers used by the parser (strict) and by `HTTPRequest.init` and the router; pure functions, any thread.
/// They work on the target's bytes with integer indices: every request pays for them, and the generic `String` and
/// `split` versions cost about 20,000 instructions for a four-parameter query.
enum HTTPRequestTarget {
    /// Path and query (without `?`) of an origin-form target; fragment is not expected in requests and stays in the query.
    static func split(_ target: String) -> (path: String, query: Substring) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, "") }
        return (String(target[..<mark]), target[target.index(after: mark)...])
    }

    /// Parses `a=1&b=x%20y&c` into a dictionary, keeping the first value per key; `+` means space.
    /// Returns nil on invalid percent-encoding or invalid UTF-8 unless `lenient`, which keeps such parts raw.
    static func parseQuery(_ query: Substring, lenient: Bool) -> [String: String]? {
        guard !query.isEmpty else { return [:] }
        return parseQuery(bytes: Array(query.utf8)[...], lenient: lenient)
    }

    /// `parseQuery` over the query's bytes (the parser's buffer, without the `?`).
    static func parseQuery(bytes query: ArraySlice<UInt8>, lenient: Bool) -> [String: String]? {
        guard !query.isEmpty else { return [:] }
        var pairCount = 1
        for byte in query where byte == UInt8(ascii: "&") { pairCount += 1 }
        var result = [String: String](minimumCapacity: pairCount)
        var pairStart = query.startIndex
        while pairStart < query.endIndex {
            var pairEnd = pairStart
            var equals: Int?
            while pairEnd < query.endIndex, query[pairEnd] != UInt8(ascii: "&") {
                if equals == nil, query[pairEnd] == UInt8(ascii: "=") { equals = pairEnd }
                pairEnd += 1
            }
            if pairEnd > pairStart {
                let rawKey = query[pairStart..<(equals ?? pairEnd)]
                let rawValue = equals.map { query[($0 + 1)..<pairEnd] } ?? query[pairEnd..<pairEnd]
                guard let key = decode(rawKey, plusAsSpace: true) ?? (lenient ? raw(rawKey) : nil),
                      let value = decode(rawValue, plusAsSpace: true) ?? (lenient ? raw(rawValue) : nil)
                else { return nil }
                if result[key] == nil { result[key] = value }
            }
            pairStart = pairEnd + 1
        }
        return result
    }

    /// Undecodable text kept as it arrived (lenient parsing); invalid UTF-8 becomes U+FFFD.
    private static func raw(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Percent-decodes `bytes`; nil when a `%` is not followed by two hex digits or the result is not UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>, plusAsSpace: Bool) -> String? {
        var needsWork = false
        var isASCII = true
        for byte in bytes {
            if byte == UInt8(ascii: "%") || (plusAsSpace && byte == UInt8(ascii: "+")) { needsWork = true }
            if byte >= 0x80 { isASCII = false }
        }
        if !needsWork {
            return isASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = Hex.value(ofDigit: bytes[index + 1]), let low = Hex.value(ofDigit: bytes[index + 2])
                else { return nil }
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(plusAsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
            index += 1
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Percent-decodes the UTF-8 of `text` (a path segment); see `decode(_:plusAsSpace:)`.
    static func decode(_ text: some Collection<UInt8>, plusAsSpace: Bool) -> String? {
        decode(Array(text)[...], plusAsSpace: plusAsSpace)
    }
}
