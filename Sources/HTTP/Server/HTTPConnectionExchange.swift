/// What the server remembers about a dispatched request until its response arrives (for the request record).
///
/// A plain value made on the connection's loop and carried by the `Responder` to whichever thread answers.
struct HTTPConnectionExchange: Sendable {
    var method: String
    var path: String
    var routePattern: String
    var requestID: String
    /// The W3C trace id (empty for requests refused before parsing).
    var traceID: String = ""
    var startedAt: ContinuousClock.Instant
}
