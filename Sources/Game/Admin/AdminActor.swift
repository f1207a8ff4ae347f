/// Who performs an operator action, and from where: the facts every audit row records besides the action itself.
///
/// Built by the API from the authenticated admin token and the request (client address, request id, W3C trace id),
/// then handed to an Engine service's admin function, which writes the audit row inside the action's own writer
/// command. A plain value; any thread.
public struct AdminActor: Sendable, Equatable {
    /// The operator's player id (role `admin`).
    public var adminID: Int64
    /// The client address the request came from (`host:port` as the HTTP server saw it).
    public var remoteAddress: String
    /// The request id the node gave the request (also in the request log line).
    public var requestID: String
    /// The request's W3C trace id, when it has one.
    public var traceID: String?

    public init(adminID: Int64, remoteAddress: String, requestID: String, traceID: String?) {
        self.adminID = adminID
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        self.traceID = traceID
    }
}
