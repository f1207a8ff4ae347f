/// Why an `HTTPClient` call failed.
///
/// Thrown on the calling thread.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The TCP connection could not be made; `errno` is the connect error (0 when the host did not resolve).
    case connectFailed(host: String, port: Int, errno: Int32)
    /// No complete response arrived within the client's timeout (per read).
    case timedOut
    /// The server closed (or reset) the connection before a complete response arrived.
    case connectionClosed
    /// The bytes received are not an HTTP/1.x response; the text says what was wrong.
    case malformedResponse(String)
    /// The transport below HTTP failed in a way that is not a plain close or timeout (for TLS: an untrusted or
    /// mismatched certificate, a failed handshake); `reason` is the transport's own description.
    case transportFailed(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .connectFailed(let host, let port, let code): "cannot connect to \(host):\(port) (errno \(code))"
        case .timedOut: "timed out waiting for the response"
        case .connectionClosed: "connection closed before a complete response"
        case .malformedResponse(let detail): "malformed response: \(detail)"
        case .transportFailed(let host, let port, let reason): "transport to \(host):\(port) failed: \(reason)"
        }
    }
}
