/// One complete HTTP request as the parser delivers it to the server and the server hands it to a handler.
///
/// A plain value. It is built on the connection's event loop; the server fills `pathParameters`, `requestID` and
/// `remoteAddress` before calling the handler, which may then pass the value to any thread.
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// The raw request-target as received, e.g. `/api/x?y=1` (or `*`, or an absolute URI).
    public var target: String
    /// The target's path without the query, still percent-encoded (`/` for `*`-less absolute targets without a path).
    public var path: String
    /// Query parameters: first value per key, percent-decoded, `+` read as a space.
    public var query: [String: String]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// The body, de-chunked; empty when the request had none.
    public var body: [UInt8]
    /// Path parameters of the matched route, percent-decoded; filled by the server.
    public var pathParameters: [String: String]
    /// Filled by the server (incoming `X-Request-Id` or a generated one).
    public var requestID: String
    /// Filled by the server, e.g. `127.0.0.1:53122`.
    public var remoteAddress: String
    /// Whether the connection stays open after this exchange: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3).
    public var keepAlive: Bool

    /// Builds a request by hand (tests, internal dispatch). `path` and `query` are derived from `target`; a query
    /// with invalid percent-encoding keeps the affected keys/values raw. `keepAlive` follows the version and headers.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        body: [UInt8] = []
    ) {
        let parts = HTTPRequestTarget.split(target)
        self.init(
            method: method,
            target: target,
            path: parts.path,
            query: HTTPRequestTarget.parseQuery(parts.query, lenient: true) ?? [:],
            version: version,
            headers: headers,
            body: body,
            keepAlive: Self.isKeepAlive(version: version, headers: headers)
        )
    }

    /// Memberwise form used by the parser, which has already validated and split the target.
    init(
        method: HTTPMethod, target: String, path: String, query: [String: String], version: HTTPVersion,
        headers: HTTPHeaders, body: [UInt8], keepAlive: Bool
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = [:]
        self.requestID = ""
        self.remoteAddress = ""
        self.keepAlive = keepAlive
    }

    /// The first value of query parameter `name`, percent-decoded.
    public func queryValue(_ name: String) -> String? {
        query[name]
    }

    /// The route's path parameter `name` (e.g. `id` for `/api/land-squares/{id}`), percent-decoded.
    public func parameter(_ name: String) -> String? {
        pathParameters[name]
    }

    /// Persistence rule of RFC 9112 §9.3.
    static func isKeepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        if headers.hasToken("close", in: .connection) { return false }
        if version == .http1_0 { return headers.hasToken("keep-alive", in: .connection) }
        return true
    }
}
