import Net
import Synchronization

/// State of a `WebSocketServer` shared by all its loops: the open-connection count, the eviction count and the
/// connection id generator.
///
/// Any thread: the counter and the id generator are atomics.
final class WebSocketServerShared: Sendable {
    let connections: ConnectionCounter
    private let lastConnectionID = Atomic<UInt64>(0)
    /// Connections closed at the cap to admit new ones (see `WebSocketServerLoopContext.evictOneConnection`).
    let evictions = Atomic<Int>(0)

    init(maxConnections: Int) {
        connections = ConnectionCounter(maxConnections: maxConnections)
    }

    func nextConnectionID() -> UInt64 {
        lastConnectionID.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
