/// Splits a request-target into path and query and percent-decodes query and path-parameter text (RFC 3986 §2.1).
///
/// Stateless helpers used by the parser (strict) and by `HTTPRequest.init` and the router; pure functions, any thread.
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
        var result: [String: String] = [:]
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawKey = pair[..<(equals ?? pair.endIndex)]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let key = decode(rawKey, plusAsSpace: true) ?? (lenient ? String(rawKey) : nil),
                  let value = decode(rawValue, plusAsSpace: true) ?? (lenient ? String(rawValue) : nil)
            else { return nil }
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    /// Percent-decodes `bytes`; nil when a `%` is not followed by two hex digits or the result is not UTF-8.
    static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String? {
        let needsWork = bytes.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
        guard needsWork else { return String(validating: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let high = hexValue(bytes[first]), let low = hexValue(bytes[second])
                else { return nil }
                output.append(high << 4 | low)
                index = bytes.index(after: second)
                continue
            }
            output.append(plusAsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }

    /// The value of one hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
