import Net
import Synchronization

/// State of an `HTTPServer` shared by all its loops: the open-connection count, the count of connections inside a
/// request, the eviction count and the completion callback.
///
/// Any thread: all are immutable references to thread-safe values.
final class HTTPServerShared: Sendable {
    let connections: ConnectionCounter
    /// Idle connections closed at the cap to admit new ones (see `HTTPServerLoopContext.evictIdlestConnection`).
    let evictions = Atomic<Int>(0)
    /// Connections inside a request (see `HTTPConnectionStateMachine.isServingRequest`); each connection adds and
    /// removes itself once per change.
    let connectionsInRequest = Atomic<Int>(0)
    let onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?

    init(maxConnections: Int, onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?) {
        connections = ConnectionCounter(maxConnections: maxConnections)
        self.onRequestCompleted = onRequestCompleted
    }
}
