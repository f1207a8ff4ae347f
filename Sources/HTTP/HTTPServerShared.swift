import Synchronization

/// State of an `HTTPServer` shared by all its loops: the open-connection count and the completion callback.
///
/// Any thread; the count is an atomic.
final class HTTPServerShared: Sendable {
    let maxConnections: Int
    let onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?
    private let openConnections = Atomic<Int>(0)

    init(maxConnections: Int, onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?) {
        self.maxConnections = maxConnections
        self.onRequestCompleted = onRequestCompleted
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
}
