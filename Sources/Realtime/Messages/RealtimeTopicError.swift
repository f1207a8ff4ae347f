/// Why a topic named by a client was refused; sent back as an `error` with `code`.
///
/// A plain value; cases carry the offending name (clients' own input, safe to echo).
public enum RealtimeTopicError: Error, Sendable, Equatable {
    /// Not one of the documented topic forms.
    case invalidTopic(name: String)
    /// Another player's private topic.
    case forbidden(name: String)

    public var code: String {
        switch self {
        case .invalidTopic: "invalid_topic"
        case .forbidden: "forbidden"
        }
    }

    public var message: String {
        switch self {
        case .invalidTopic(let name): "unknown or malformed topic \(name)"
        case .forbidden(let name): "topic \(name) belongs to another player"
        }
    }
}
