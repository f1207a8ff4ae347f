import HTTP

/// The application side of the gateway (the realtime layer; the echo endpoint in tests): decides on new
/// connections and receives their messages.
///
/// Every method runs on the connection's event loop and must not block; hand heavy work to another thread and answer
/// later with `connection.send`, which any thread may call. One handler serves every connection of a server, so it
/// is `Sendable` (keep per-connection state keyed by `WebSocketConnection`, behind a `Locked`, or on the loop).
public protocol WebSocketHandler: Sendable {
    /// A handshake passed validation. Return `.accept` to answer 101 (sends made here go out right after it), or
    /// `.reject(response)` to answer that HTTP response and close.
    func onOpen(_ connection: WebSocketConnection, request: HTTPRequest) -> WebSocketOpenDecision
    /// A complete, valid UTF-8 text message.
    func onText(_ connection: WebSocketConnection, text: String)
    /// A complete binary message. The default closes the connection with 1003 (unsupported data).
    func onBinary(_ connection: WebSocketConnection, bytes: [UInt8])
    /// The connection ended (close handshake, failure, timeout, TCP loss); called once per accepted connection.
    func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String)
}

extension WebSocketHandler {
    public func onOpen(_ connection: WebSocketConnection, request: HTTPRequest) -> WebSocketOpenDecision { .accept }

    public func onBinary(_ connection: WebSocketConnection, bytes: [UInt8]) {
        connection.close(code: .unsupportedData, reason: "binary messages are not supported")
    }

    public func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
}

/// What `WebSocketHandler.onOpen` decides about a validated handshake.
///
/// A plain value.
public enum WebSocketOpenDecision: Sendable {
    /// Answer 101 Switching Protocols.
    case accept
    /// Answer this response (e.g. `HTTPResponse.error(.unauthorized, ...)`) and close.
    case reject(HTTPResponse)
}
