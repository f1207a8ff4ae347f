import Foundation
import HTTP

/// A request's JSON object body with typed, validating accessors; rejects unknown and missing fields.
///
/// Built and used on the event loop handling the request. Construct it with the fields the route accepts; each
/// accessor checks presence, type and bounds and throws `APIRequestError` naming the field.
public struct RequestBody: Sendable {
    public let members: [String: JSONValue]

    /// Parses `request`'s body: it must be a JSON object of at most `limitBytes`, with only `allowedFields`.
    /// A `content-type` other than `application/json` is rejected, except a missing one and curl's default for `-d`
    /// (`application/x-www-form-urlencoded`): the body must still be a JSON object, so `curl -d '{...}'` just works.
    public init(_ request: HTTPRequest, allowedFields: Set<String>, limitBytes: Int = 16_384) throws(APIRequestError) {
        if let contentType = request.headers.valueBytes("content-type"), !Self.isAcceptedMediaType(bytes: contentType) {
            throw .unsupportedMediaType(contentType: String(decoding: contentType, as: UTF8.self))
        }
        guard request.body.count <= limitBytes else {
            throw .bodyTooLarge(limitBytes: limitBytes, actualBytes: request.body.count)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw .invalidJSON(error)
        }
        guard case .object(let members) = value else { throw .bodyNotObject(actualType: value.typeName) }
        // Sorting only when something is unknown: the error names the first unknown name in sorted order.
        if members.keys.contains(where: { !allowedFields.contains($0) }),
           let unknown = members.keys.filter({ !allowedFields.contains($0) }).min() {
            throw .unknownField(name: unknown)
        }
        self.members = members
    }

    /// Whether `contentType`'s media type (its first non-empty `;`-separated part, trimmed, in any case) is
    /// `application/json` or `application/x-www-form-urlencoded`. An ASCII value is read byte by byte (Foundation's
    /// trimming and lowercasing of a split cost every write request a few thousand instructions); any other keeps
    /// Foundation's Unicode whitespace and case rules.
    static func isAcceptedMediaType(_ contentType: String) -> Bool {
        isAcceptedMediaType(bytes: Array(contentType.utf8)[...])
    }

    /// `isAcceptedMediaType(_:)` over the header's bytes as received (no `String` and no array made for the usual
    /// ASCII value).
    static func isAcceptedMediaType(bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let contentType = String(decoding: bytes, as: UTF8.self)
            let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            return mediaType == "application/json" || mediaType == "application/x-www-form-urlencoded"
        }
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == UInt8(ascii: ";") { start += 1 }   // split omits empty parts
        var end = start
        while end < bytes.endIndex, bytes[end] != UInt8(ascii: ";") { end += 1 }
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return equalsIgnoringASCIICase(bytes[start..<end], jsonMediaType)
            || equalsIgnoringASCIICase(bytes[start..<end], formMediaType)
    }

    private static let jsonMediaType = Array("application/json".utf8)
    private static let formMediaType = Array("application/x-www-form-urlencoded".utf8)

    /// Whether `bytes` equal the lower-case ASCII `expected` in any case.
    private static func equalsIgnoringASCIICase(_ bytes: ArraySlice<UInt8>, _ expected: [UInt8]) -> Bool {
        guard bytes.count == expected.count else { return false }
        var index = bytes.startIndex
        for wanted in expected {
            let byte = bytes[index]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            guard lowered == wanted else { return false }
            index += 1
        }
        return true
    }

    /// A required string whose length in characters is within `length`.
    public func string(_ name: String, length: ClosedRange<Int>) throws(APIRequestError) -> String {
        guard let value = members[name] else { throw .missingField(name: name) }
        guard case .string(let text) = value else {
            throw .wrongType(field: name, expected: "string", actual: value.typeName)
        }
        let count = text.count
        guard length.contains(count) else {
            throw .stringLength(field: name, minimum: length.lowerBound, maximum: length.upperBound, actual: count)
        }
        return text
    }

    /// A required integer within `range` (JSON numbers with a fraction or exponent are not integers).
    public func integer(_ name: String, range: ClosedRange<Int64>) throws(APIRequestError) -> Int64 {
        guard let value = members[name] else { throw .missingField(name: name) }
        return try Self.integer(value, field: name, range: range)
    }

    /// A required string that must be one of `choices` (e.g. `side`: `buy` or `sell`).
    /// - Throws: `.invalidField` naming the choices when the string is none of them.
    /// A string that is none of the choices is refused the same way whatever its length; the choices are compared
    /// directly (measuring the text's and the choices' lengths in characters first cost an order about 1.5k
    /// instructions). An empty text is never a choice.
    public func choice(_ name: String, among choices: [String]) throws(APIRequestError) -> String {
        guard let value = members[name] else { throw .missingField(name: name) }
        guard case .string(let text) = value else {
            throw .wrongType(field: name, expected: "string", actual: value.typeName)
        }
        guard !text.isEmpty, choices.contains(text) else {
            throw .invalidField(name: name, expected: Self.describe(choices))
        }
        return text
    }

    /// `value` (the field `field`, or an element of it) as an integer within `range`: the one place body integers are
    /// checked, so every route words the same problem the same way. A number without a fraction that does not fit
    /// (`1e30`, `99999999999999999999`) is out of range; one with a fraction (`2.5`) or written with an exponent that
    /// fits (`1e3`) is the wrong type.
    public static func integer(_ value: JSONValue, field: String, range: ClosedRange<Int64>) throws(APIRequestError) -> Int64 {
        switch value {
        case .integer(let integer):
            guard range.contains(integer) else {
                throw .integerOutOfRange(field: field, minimum: range.lowerBound, maximum: range.upperBound)
            }
            return integer
        case .number(let number) where number.rounded(.towardZero) == number
            && (number >= 0x1p63 || number < -0x1p63 || number > Double(range.upperBound) || number < Double(range.lowerBound)):
            throw .integerOutOfRange(field: field, minimum: range.lowerBound, maximum: range.upperBound)
        case .number(let number) where number.rounded(.towardZero) == number:
            throw .wrongType(field: field, expected: "integer written without a fraction or exponent", actual: "number")
        default:
            throw .wrongType(field: field, expected: "integer", actual: value.typeName)
        }
    }

    /// `"buy" or "sell"`, `"open", "blind" or "vickrey"`.
    static func describe(_ choices: [String]) -> String {
        let quoted = choices.map { "\"\($0)\"" }
        guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + last
    }
}

/// Validating access to a request's query parameters; rejects parameters the route does not know.
public struct QueryParameters: Sendable {
    public let values: [String: String]

    /// - Throws: `.unknownParameter` for a name outside `allowed`.
    public init(_ request: HTTPRequest, allowed: Set<String>) throws(APIRequestError) {
        // Sorting only when something is unknown: the error names the first unknown name in sorted order.
        if request.query.keys.contains(where: { !allowed.contains($0) }),
           let unknown = request.query.keys.filter({ !allowed.contains($0) }).min() {
            throw .unknownParameter(name: unknown)
        }
        values = request.query
    }

    /// A required decimal integer within `range`.
    public func integer(_ name: String, range: ClosedRange<Int64>) throws(APIRequestError) -> Int64 {
        guard let text = values[name] else { throw .missingParameter(name: name) }
        guard let value = PathParameter.decimal(text), range.contains(value) else {
            throw .invalidParameter(name: name, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

/// Parsing of path parameters such as `{id}`.
public enum PathParameter {
    /// A positive id (1 ... Int64.max) from `request`'s parameter `name`.
    public static func id(_ request: HTTPRequest, _ name: String = "id") throws(APIRequestError) -> Int64 {
        guard let text = request.parameter(name), let value = decimal(text), value >= 1 else {
            throw .invalidParameter(name: name, expected: "a positive integer id")
        }
        return value
    }

    /// Strict decimal: optional leading `-`, digits only, no `+`, spaces or leading zeros beyond "0"; nil when out of
    /// `Int64`'s range. Reads the UTF-8 bytes once (query values of every area request go through here).
    static func decimal(_ text: String) -> Int64? {
        var isNegative = false
        var digitCount = 0
        var isLeadingZero = false
        var value: Int64 = 0   // accumulated negatively, so Int64.min fits
        for byte in text.utf8 {
            if digitCount == 0, !isNegative, byte == UInt8(ascii: "-") {
                isNegative = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), !isLeadingZero else { return nil }
            if digitCount == 0, byte == UInt8(ascii: "0") { isLeadingZero = true }
            digitCount += 1
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { return nil }
            value = next
        }
        guard digitCount > 0 else { return nil }
        if isNegative { return value }
        return value == Int64.min ? nil : -value
    }
}
