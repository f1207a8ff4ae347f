/// Every way the request parser can reject a request (RFC 9112); each case maps to a status and a snake_case code.
///
/// After any of these the connection must answer with `status` and close: the parser never resynchronises.
/// A plain value, thrown on the connection's event loop.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request line exceeded `HTTPParserLimits.maxRequestLineBytes` (414).
    case requestLineTooLong(limitBytes: Int)
    /// The header section exceeded `maxHeaderBytes`, or chunked trailers did (431).
    case headersTooLarge(limitBytes: Int)
    /// More than `maxHeaderCount` header (or trailer) fields (431).
    case tooManyHeaders(limit: Int)
    /// The declared Content-Length or the accumulated chunked data exceeds `maxBodyBytes` (413);
    /// `declaredBytes` is the Content-Length when there was one.
    case bodyTooLarge(limitBytes: Int, declaredBytes: Int?)
    /// Request line not `method SP request-target SP HTTP-version`, a bad method token or target, invalid
    /// percent-encoding in the query, or a bare CR (400).
    case malformedRequestLine
    /// obs-fold, whitespace before the colon, a name that is not a token, CR/LF/NUL/control bytes in a value,
    /// a duplicated Host, a repeated `chunked` coding, or Transfer-Encoding in HTTP/1.0 (400).
    case malformedHeader
    /// Content-Length not 1*DIGIT, overflowing, or repeated with differing values (400).
    case invalidContentLength
    /// Content-Length together with Transfer-Encoding: a request-smuggling signal (400).
    case conflictingFraming
    /// A Transfer-Encoding other than exactly `chunked` (501); carries the received value.
    case unsupportedTransferEncoding(String)
    /// A bad chunk-size line, a missing CRLF after chunk data, or an over-long chunk extension (400).
    case malformedChunk
    /// An HTTP version other than 1.0 and 1.1 (505).
    case unsupportedVersion
    /// An HTTP/1.1 request without a Host header (400).
    case missingHost

    /// The status the server answers with.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .payloadTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .malformedRequestLine, .malformedHeader, .invalidContentLength, .conflictingFraming, .malformedChunk,
            .missingHost:
            .badRequest
        }
    }

    /// The snake_case code for the contract's error body.
    public var code: String {
        switch self {
        case .requestLineTooLong: "uri_too_long"
        case .headersTooLarge: "header_too_large"
        case .tooManyHeaders: "too_many_headers"
        case .bodyTooLarge: "payload_too_large"
        case .malformedRequestLine: "malformed_request_line"
        case .malformedHeader: "malformed_header"
        case .invalidContentLength: "invalid_content_length"
        case .conflictingFraming: "conflicting_framing"
        case .unsupportedTransferEncoding: "unsupported_transfer_encoding"
        case .malformedChunk: "malformed_chunk"
        case .unsupportedVersion: "http_version_not_supported"
        case .missingHost: "missing_host"
        }
    }

    /// What happened and what the client should do, for the error body.
    public var message: String {
        switch self {
        case .requestLineTooLong(let limit):
            "The request line is longer than \(limit) bytes; shorten the URL."
        case .headersTooLarge(let limit):
            "The header section is larger than \(limit) bytes; send fewer or smaller headers."
        case .tooManyHeaders(let limit):
            "The request has more than \(limit) header fields; send fewer headers."
        case .bodyTooLarge(let limit, let declared?):
            "The body is \(declared) bytes but at most \(limit) bytes are accepted."
        case .bodyTooLarge(let limit, nil):
            "The chunked body exceeds \(limit) bytes, the most accepted."
        case .malformedRequestLine:
            "The request line is malformed; send 'METHOD /path HTTP/1.1' with a valid, percent-encoded target."
        case .malformedHeader:
            "A header field is malformed; use 'name: value' lines without folding or control characters."
        case .invalidContentLength:
            "Content-Length must be one non-negative decimal number."
        case .conflictingFraming:
            "Send either Content-Length or Transfer-Encoding, not both."
        case .unsupportedTransferEncoding(let value):
            "Transfer-Encoding '\(value)' is not supported; only 'chunked' is."
        case .malformedChunk:
            "The chunked body is malformed; each chunk is 'hex-size CRLF data CRLF', ending with '0 CRLF CRLF'."
        case .unsupportedVersion:
            "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .missingHost:
            "HTTP/1.1 requests must carry a Host header."
        }
    }

    public var description: String { "\(code) (\(status.code)): \(message)" }
}
