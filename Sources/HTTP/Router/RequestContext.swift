/// What the server tells a handler about the request besides the request itself.
///
/// A plain value made per request on the connection's loop; handlers may pass it to any thread.
public struct RequestContext: Sendable {
    /// Index of the event loop running the handler (selects per-loop resources such as the read connection).
    public let loopIndex: Int
    /// The request's id (incoming `X-Request-Id` if valid, else generated); echoed as `x-request-id`.
    public let requestID: String
    /// The matched route template, e.g. `/api/land-squares/{id}`.
    public let routePattern: String
    /// The request's W3C trace (the caller's `traceparent`, or a new trace), for logs and the jobs it causes.
    public let trace: TraceContext

    public init(loopIndex: Int, requestID: String, routePattern: String,
                trace: TraceContext = TraceContext(traceID: "", spanID: "", parentSpanID: nil, isSampled: false)) {
        self.loopIndex = loopIndex
        self.requestID = requestID
        self.routePattern = routePattern
        self.trace = trace
    }
}
