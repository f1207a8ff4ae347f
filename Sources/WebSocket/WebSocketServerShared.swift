import Synchronization

/// State of a `WebSocketServer` shared by all its loops: the open-connection count and the connection id generator.
///
/// Any thread; both are atomics.
final class WebSocketServerShared: Sendable {
    let maxConnections: Int
    private let openConnections = Atomic<Int>(0)
    private let lastConnectionID = Atomic<UInt64>(0)

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var openConnectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Counts a new connection unless the server is full.
    func reserveConnection() -> Bool {
        let previous = openConnections.wrappingAdd(1, ordering: .relaxed).oldValue
        if previous < maxConnections { return true }
        openConnections.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    func releaseConnection() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    func nextConnectionID() -> UInt64 {
        lastConnectionID.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
