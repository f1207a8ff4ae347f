import Net

/// State of an `HTTPServer` shared by all its loops: the open-connection count and the completion callback.
///
/// Any thread: both are immutable references to thread-safe values.
final class HTTPServerShared: Sendable {
    let connections: ConnectionCounter
    let onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?

    init(maxConnections: Int, onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?) {
        connections = ConnectionCounter(maxConnections: maxConnections)
        self.onRequestCompleted = onRequestCompleted
    }
}
