/// A close status code (RFC 6455 §7.4): why a WebSocket connection ended.
///
/// A plain value. `isValidReceived` is the §7.4 rule for codes a peer may put on the wire; 1005 and 1006 are only
/// reported locally (no status in the close frame / no close frame at all) and never sent.
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection was fulfilled.
    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the server is shutting down (or the client navigates away).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the protocol (framing, masking, opcodes, control frame rules).
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: a data type the endpoint cannot accept.
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1005: local only — the close frame carried no status code.
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// 1006: local only — the connection ended without a close frame (peer vanished, timeout).
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    /// 1007: a text message was not valid UTF-8.
    public static let invalidPayload = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a policy was violated (here: a slow consumer over its outbound buffer limit).
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a frame or message exceeded the configured size limit.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = WebSocketCloseCode(rawValue: 1011)
    /// 1012: service restart (IANA registry): the server is moving; reconnect, then `resume` what was missed.
    public static let serviceRestart = WebSocketCloseCode(rawValue: 1012)
    /// 1013: try again later (overload).
    public static let tryAgainLater = WebSocketCloseCode(rawValue: 1013)

    /// Whether a peer may send this code in a close frame: 1000-1003, 1007-1014 (1012-1014 registered by IANA after
    /// the RFC), 3000-3999 (registered) and 4000-4999 (private use). Everything else is a protocol error.
    public var isValidReceived: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    public var description: String { String(rawValue) }
}
