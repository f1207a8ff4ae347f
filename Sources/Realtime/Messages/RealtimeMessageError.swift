/// Why a client message was refused; answered with `{"type":"error","code","message"}` using the REST API's codes.
///
/// A plain value; cases carry the field or type at fault (the client's own input, bounded in length).
public enum RealtimeMessageError: Error, Sendable, Equatable {
    /// Not JSON at all.
    case invalidJSON
    /// JSON, but not an object.
    case notObject
    /// A required field is absent (`type` included).
    case missingField(field: String)
    /// A field has the wrong JSON type (or a number that is not a 64-bit integer).
    case wrongType(field: String)
    /// `type` names no message this gateway knows.
    case unknownType(type: String)
    /// A `subscribe` names more topics than allowed in one message.
    case tooManyTopics(limit: Int, requested: Int)
    /// A string field is empty or longer than allowed.
    case fieldTooLong(field: String, limitBytes: Int)
    /// A number is outside its allowed range.
    case outOfRange(field: String)

    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, _):
            self = .missingField(field: key.stringValue)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self = context.codingPath.isEmpty ? .notObject : .wrongType(field: Self.fieldName(context.codingPath))
        case .dataCorrupted(let context):
            self = context.codingPath.isEmpty ? .invalidJSON : .wrongType(field: Self.fieldName(context.codingPath))
        @unknown default:
            self = .invalidJSON
        }
    }

    private static func fieldName(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// The snake_case code, as the REST API spells the same problem.
    public var code: String {
        switch self {
        case .invalidJSON: "invalid_json"
        case .notObject: "invalid_body"
        case .missingField: "missing_field"
        case .wrongType: "wrong_type"
        case .unknownType: "unknown_type"
        case .tooManyTopics: "too_many_topics"
        case .fieldTooLong: "invalid_length"
        case .outOfRange: "out_of_range"
        }
    }

    /// A human-readable message for the `error` reply.
    public var message: String {
        switch self {
        case .invalidJSON: "message is not valid JSON"
        case .notObject: "message is not a JSON object"
        case .missingField(let field): "field \(field) is required"
        case .wrongType(let field): "field \(field) has the wrong type"
        case .unknownType(let type): "unknown message type \(type)"
        case .tooManyTopics(let limit, let requested): "\(requested) topics requested; at most \(limit) per connection"
        case .fieldTooLong(let field, let limit): "field \(field) must have 1 to \(limit) bytes"
        case .outOfRange(let field): "field \(field) is out of range"
        }
    }
}
