/// Why a JSON body could not be decoded; cases carry the dotted field path so the API can say which field is bad.
///
/// A plain value thrown by `JSONCoding.decode` on whatever thread decodes.
public enum JSONDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON.
    case syntax(detail: String)
    /// A required field is absent.
    case missingField(path: String)
    /// A field has the wrong JSON type.
    case typeMismatch(path: String, expectedType: String)
    /// A field is null where a value is required.
    case nullValue(path: String)
    /// A value is of the right type but not acceptable (e.g. out of range for the Swift type).
    case invalidValue(path: String, detail: String)

    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .missingField(path: Self.path(context.codingPath + [key]))
        case .typeMismatch(let type, let context):
            self = .typeMismatch(path: Self.path(context.codingPath), expectedType: String(describing: type))
        case .valueNotFound(_, let context):
            self = .nullValue(path: Self.path(context.codingPath))
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = .syntax(detail: context.debugDescription)
        case .dataCorrupted(let context):
            self = .invalidValue(path: Self.path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            self = .syntax(detail: String(describing: error))
        }
    }

    /// A message for the error body.
    public var message: String {
        switch self {
        case .syntax: "The body is not valid JSON."
        case .missingField(let path): "The field '\(path)' is required."
        case .typeMismatch(let path, let type): "The field '\(path)' must be of type \(type)."
        case .nullValue(let path): "The field '\(path)' must not be null."
        case .invalidValue(let path, _): "The field '\(path)' has an invalid value."
        }
    }

    public var description: String {
        switch self {
        case .syntax(let detail): "invalid JSON: \(detail)"
        case .invalidValue(let path, let detail): "invalid value at '\(path)': \(detail)"
        default: message
        }
    }

    /// `a.b[2].c` from a coding path.
    private static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }
}
