/// A JSON document as a value: what request bodies are parsed into and responses (and the OpenAPI document) are
/// built from, so the API controls exactly which keys, nulls and number types appear.
///
/// Integers and fractional numbers are kept apart (`integer` vs `number`) so a validator can insist on integers.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// `value` or `null`.
    public static func optional(_ value: Int64?) -> JSONValue { value.map(JSONValue.integer) ?? .null }

    /// The name of this value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Member `key` of an object, or nil.
    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// Compact UTF-8 JSON with object keys sorted (stable bytes).
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(into: &output)
        return output
    }

    /// Appends the compact encoding of this value (object keys sorted) to `output`.
    public func write(into output: inout [UInt8]) {
        switch self {
        case .null: output.appendUTF8("null")
        case .bool(let value): output.appendUTF8(value ? "true" : "false")
        case .integer(let value): JSONWriter.writeInteger(value, into: &output)
        case .number(let value): JSONWriter.writeDouble(value, into: &output)
        case .string(let value): JSONWriter.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var isFirst = true
            for element in elements {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // Sorting the pairs (not the keys, then looking each up again) hashes no key.
            var isFirst = true
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                JSONWriter.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
