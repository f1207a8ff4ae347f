/// Hard limits the request parser enforces as bytes arrive, so a peer cannot make a connection buffer without bound.
///
/// Configuration value (like NIO's `NIOHTTPDecoderLimitConfiguration`); set once when the server is built.
public struct HTTPParserLimits: Sendable, Hashable {
    /// Longest accepted request line, without its CRLF; beyond it the parser fails with 414.
    public var maxRequestLineBytes: Int = 8_192
    /// Most header fields in one request (trailer fields of a chunked body are counted separately); beyond it: 431.
    public var maxHeaderCount: Int = 100
    /// All header lines together, including their line endings; beyond it: 431. Also caps chunked trailers.
    public var maxHeaderBytes: Int = 32_768
    /// Largest accepted body (declared Content-Length or accumulated chunked data); beyond it: 413.
    public var maxBodyBytes: Int = 1_048_576

    public init() {}
}
