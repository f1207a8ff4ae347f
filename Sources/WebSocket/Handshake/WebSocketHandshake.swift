import Crypto
import HTTP

/// The server side of the opening handshake (RFC 6455 §4.2): validates an upgrade request and builds the 101.
///
/// Stateless; any thread (called on the connection's loop). No extension or subprotocol is negotiated: the response
/// never carries `Sec-WebSocket-Extensions` or `Sec-WebSocket-Protocol`, so RSV bits must stay 0 (§9.1).
public enum WebSocketHandshake {
    /// The GUID of §1.3 appended to the client key before hashing.
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for `key` (the header value as received, trimmed): base64(SHA-1(key + GUID)).
    public static func acceptKey(for key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + guid).utf8)))
    }

    /// Checks `request` against §4.2.1 and the endpoint's `path` and origin allow-list (empty = any origin), in the
    /// order a client can best act on. Returns the `Sec-WebSocket-Accept` value.
    /// - Throws: `WebSocketHandshakeError` naming the first rule broken.
    public static func validate(_ request: HTTPRequest, path: String,
                                allowedOrigins: Set<String>) throws(WebSocketHandshakeError) -> String {
        guard request.path == path else { throw .wrongPath(expected: path, actual: request.path) }
        guard request.method == .get else { throw .methodNotAllowed(method: request.method.rawValue) }
        guard request.version.major > 1 || (request.version.major == 1 && request.version.minor >= 1) else {
            throw .unsupportedHTTPVersion(request.version)
        }
        guard request.body.isEmpty else { throw .unexpectedBody }
        let upgrade = request.headers["upgrade"]
        guard request.headers.hasToken("websocket", in: "upgrade") else { throw .missingUpgrade(received: upgrade) }
        guard request.headers.hasToken("upgrade", in: "connection") else { throw .missingConnectionUpgrade }
        let version = request.headers.values("sec-websocket-version")
        guard version == ["13"] else { throw .unsupportedVersion(received: version.first) }
        let keys = request.headers.values("sec-websocket-key")
        guard keys.count == 1, let key = keys.first, Base64.decode(key)?.count == 16 else { throw .invalidKey }
        if !allowedOrigins.isEmpty {
            let origin = request.headers["origin"]
            guard let origin, allowedOrigins.contains(origin) else { throw .originNotAllowed(origin: origin) }
        }
        return acceptKey(for: key)
    }

    /// The exact bytes of the 101 response for `acceptKey`.
    public static func switchingProtocolsResponse(acceptKey: String) -> [UInt8] {
        Array(("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
            + "sec-websocket-accept: \(acceptKey)\r\n\r\n").utf8)
    }
}
