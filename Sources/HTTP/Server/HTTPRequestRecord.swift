/// One finished request, for logs and metrics (the lead wires it to Telemetry).
///
/// Produced by the server on the connection's loop when a response is handed to the connection (or a request is
/// rejected); passed to `onRequestCompleted` on that loop. A plain value.
public struct HTTPRequestRecord: Sendable {
    /// The request method, or `-` when the request could not be parsed.
    public var method: String
    /// The raw path, or `-` when the request could not be parsed.
    public var path: String
    /// The matched route template, `unmatched` for 404/405/parse errors/timeouts (a bounded label set).
    public var routePattern: String
    public var status: Int
    /// From the complete request being parsed to its response reaching the connection.
    public var duration: Duration
    public var requestID: String
    public var remoteAddress: String
    /// The W3C trace id the request ran under (empty when it was refused before parsing).
    public var traceID: String

    public init(method: String, path: String, routePattern: String, status: Int, duration: Duration,
                requestID: String, remoteAddress: String, traceID: String = "") {
        self.method = method
        self.path = path
        self.routePattern = routePattern
        self.status = status
        self.duration = duration
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.traceID = traceID
    }
}
