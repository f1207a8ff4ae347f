import HTTP

/// Every reason an opening handshake (RFC 6455 §4.2.1) is refused; each maps to the HTTP status and the contract's
/// snake_case error code of the response the client receives instead of a 101.
///
/// A plain value produced on the connection's loop by `WebSocketHandshake.validate`.
public enum WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request path is not the WebSocket endpoint's (404).
    case wrongPath(expected: String, actual: String)
    /// Not a GET (405, `Allow: GET`).
    case methodNotAllowed(method: String)
    /// HTTP/1.0 (400): the handshake needs HTTP/1.1 or later.
    case unsupportedHTTPVersion(HTTPVersion)
    /// No `Upgrade: websocket` (426, `Upgrade: websocket`); carries what was sent, if anything.
    case missingUpgrade(received: String?)
    /// `Connection` lacks the `upgrade` token (400).
    case missingConnectionUpgrade
    /// `Sec-WebSocket-Version` is not 13 (426, `Sec-WebSocket-Version: 13`); carries what was sent, if anything.
    case unsupportedVersion(received: String?)
    /// `Sec-WebSocket-Key` missing, or not base64 of exactly 16 bytes (400).
    case invalidKey
    /// The `Origin` is not in the allow-list (403).
    case originNotAllowed(origin: String?)
    /// The upgrade request carries a body (400).
    case unexpectedBody
    /// The HTTP request itself could not be parsed (the parser's status).
    case malformedRequest(HTTPParseError)

    /// The status of the refusal.
    public var status: HTTPStatus {
        switch self {
        case .wrongPath: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .missingUpgrade, .unsupportedVersion: HTTPStatus(code: 426, reasonPhrase: "Upgrade Required")
        case .originNotAllowed: .forbidden
        case .malformedRequest(let error): error.status
        case .unsupportedHTTPVersion, .missingConnectionUpgrade, .invalidKey, .unexpectedBody: .badRequest
        }
    }

    /// The snake_case code of the error body.
    public var code: String {
        switch self {
        case .wrongPath: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .unsupportedHTTPVersion: "http_version_not_supported"
        case .missingUpgrade: "upgrade_required"
        case .missingConnectionUpgrade: "missing_connection_upgrade"
        case .unsupportedVersion: "unsupported_websocket_version"
        case .invalidKey: "invalid_websocket_key"
        case .originNotAllowed: "origin_not_allowed"
        case .unexpectedBody: "unexpected_body"
        case .malformedRequest(let error): error.code
        }
    }

    /// What went wrong and what the client should do.
    public var message: String {
        switch self {
        case .wrongPath(let expected, let actual):
            "No WebSocket endpoint at \(actual); connect to \(expected)."
        case .methodNotAllowed(let method):
            "The WebSocket handshake must be a GET request, not \(method)."
        case .unsupportedHTTPVersion(let version):
            "The WebSocket handshake needs HTTP/1.1, not \(version)."
        case .missingUpgrade(let received):
            "Send 'Upgrade: websocket' to open a WebSocket" + (received.map { " (got '\($0)')." } ?? ".")
        case .missingConnectionUpgrade:
            "The Connection header must contain the 'Upgrade' token."
        case .unsupportedVersion(let received):
            "Only Sec-WebSocket-Version 13 is supported" + (received.map { " (got '\($0)')." } ?? ".")
        case .invalidKey:
            "Sec-WebSocket-Key must be the base64 encoding of 16 random bytes."
        case .originNotAllowed(let origin):
            "Origin '\(origin ?? "(none)")' may not open a WebSocket here."
        case .unexpectedBody:
            "The WebSocket handshake request must not carry a body."
        case .malformedRequest(let error):
            error.message
        }
    }

    /// The refusal as an HTTP response with the contract's JSON error body and the headers RFC 6455 asks for.
    public var response: HTTPResponse {
        var response = HTTPResponse.error(status, code: code, message: message)
        switch self {
        case .methodNotAllowed:
            response.headers.set("allow", "GET")
        case .missingUpgrade:
            response.headers.set("upgrade", "websocket")
            response.headers.set("connection", "Upgrade")
        case .unsupportedVersion:
            response.headers.set("sec-websocket-version", "13")
        default:
            break
        }
        return response
    }

    public var description: String { "\(code) (\(status.code)): \(message)" }
}
