import Synchronization

/// Counts a server's open connections against its limit; shared by the server and all its loops.
///
/// Any thread; the count is an atomic.
package final class ConnectionCounter: Sendable {
    package let maxConnections: Int
    private let openConnections = Atomic<Int>(0)

    package init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    package var openConnectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Counts a new connection unless the server is full; returns whether it was counted.
    package func reserve() -> Bool {
        let previous = openConnections.wrappingAdd(1, ordering: .relaxed).oldValue
        if previous < maxConnections { return true }
        openConnections.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    /// Forgets a connection counted by `reserve()`.
    package func release() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
    }
}
