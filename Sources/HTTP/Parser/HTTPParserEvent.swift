/// What `HTTPRequestParser.next()` reports as a request's bytes complete.
///
/// A plain value, produced and consumed on the connection's event loop.
public enum HTTPParserEvent: Sendable, Equatable {
    /// Emitted once per request when its head is complete and it has a body (Content-Length > 0 or chunked), before
    /// the body is read, whatever is already buffered. `expectsContinue` is true when the client sent
    /// `Expect: 100-continue`; the server then writes `HTTP/1.1 100 Continue\r\n\r\n` (or a final status and closes).
    case headComplete(expectsContinue: Bool)
    /// A complete request with its (de-chunked) body.
    case request(HTTPRequest)
}
