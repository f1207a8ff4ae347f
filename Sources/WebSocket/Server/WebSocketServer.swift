import Net
import Synchronization

/// The WebSocket gateway: its own listening socket (default port 4001, path `/ws`) served by the loops of the
/// group the HTTP server uses, handing every accepted connection to one `WebSocketHandler`.
///
/// Each connection belongs to the loop that accepted it (see `WebSocketUpgradeHandler`, `WebSocketSession`); handler
/// callbacks run there. `start`, `shutdown` and the getters may be called from any thread except the group's loops;
/// the start-once, stop-once lifecycle is `ServerLifecycle`'s.
public final class WebSocketServer: Sendable {
    private let configuration: WebSocketServerConfiguration
    private let handler: any WebSocketHandler
    private let onMetric: @Sendable (WebSocketMetricEvent) -> Void
    private let shared: WebSocketServerShared
    private let lifecycle: ServerLifecycle<WebSocketServerLoopContext>

    /// - Parameters:
    ///   - handler: receives every connection's open, messages and close, on the connection's loop.
    ///   - onMetric: counts connections, sent and dropped messages and slow-consumer disconnects; must be cheap.
    public init(configuration: WebSocketServerConfiguration, group: EventLoopGroup, handler: any WebSocketHandler,
                onMetric: @escaping @Sendable (WebSocketMetricEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.handler = handler
        self.onMetric = onMetric
        shared = WebSocketServerShared(maxConnections: configuration.maxConnections)
        lifecycle = ServerLifecycle(group: group, connections: shared.connections)
    }

    /// Binds and listens (accepted on every loop with `EPOLLEXCLUSIVE`) and returns once every loop accepts.
    /// Throws `NetError.addressInUse` when the port is taken, `NetError.invalidAddress` for a bad host. Calling it
    /// again after a successful start does nothing.
    public func start() throws {
        try lifecycle.start(host: configuration.host, port: configuration.port) {
            [configuration, handler, shared, onMetric] loop in
            WebSocketServerLoopContext(loop: loop, configuration: configuration, handler: handler, shared: shared,
                                       onMetric: onMetric)
        }
    }

    /// The bound port (the kernel's choice for port 0); 0 before `start`.
    public var localPort: Int { lifecycle.localPort }

    /// Connections currently open (handshaking or upgraded).
    public var openConnectionCount: Int { shared.connections.openConnectionCount }

    /// Connections closed so far to admit new ones at `maxConnections`.
    public var evictedConnectionCount: Int { shared.evictions.load(ordering: .relaxed) }

    /// Graceful: stop accepting, send close frames 1001 to every connection and wait for the close handshakes, up to
    /// `deadline`; then close whatever is left. Returns true if every connection closed in time. Idempotent: a later
    /// call returns the first call's result.
    public func shutdown(deadline: Duration) -> Bool {
        lifecycle.shutdown(deadline: deadline)
    }
}
