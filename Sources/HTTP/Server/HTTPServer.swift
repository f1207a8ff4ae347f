import Net

/// The HTTP/1.1 server: one listening socket shared by the loops of a group, keep-alive and pipelined connections.
///
/// Each accepted connection belongs to the loop that accepted it (see `HTTPConnection`); handlers run on that loop.
/// `start`, `shutdown` and the getters may be called from any thread except the group's loops; the start-once,
/// stop-once lifecycle is `ServerLifecycle`'s.
public final class HTTPServer: Sendable {
    private let configuration: HTTPServerConfiguration
    private let router: Router
    private let shared: HTTPServerShared
    private let lifecycle: ServerLifecycle<HTTPServerLoopContext>

    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup, router: Router,
                onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)? = nil) {
        self.configuration = configuration
        self.router = router
        shared = HTTPServerShared(maxConnections: configuration.maxConnections, onRequestCompleted: onRequestCompleted)
        lifecycle = ServerLifecycle(group: group, connections: shared.connections)
    }

    /// Binds and listens (`SO_REUSEADDR`; one socket, accepted on every loop with `EPOLLEXCLUSIVE`) and returns once
    /// every loop accepts. Throws `NetError.addressInUse` when the port is taken, `NetError.invalidAddress` for a bad
    /// host. Calling it again after a successful start does nothing.
    public func start() throws {
        try lifecycle.start(host: configuration.host, port: configuration.port) { [configuration, router, shared] loop in
            HTTPServerLoopContext(loop: loop, router: router, configuration: configuration, server: shared)
        }
    }

    /// The bound port (the kernel's choice for port 0); 0 before `start`.
    public var localPort: Int { lifecycle.localPort }

    /// Connections currently open (accepted and not yet closed).
    public var openConnectionCount: Int { shared.connections.openConnectionCount }

    /// Connections inside a request right now: its head read and its body still arriving, or its response not yet
    /// written. These are never evicted at `maxConnections`; the others (idle, or still sending a head) may be.
    public var connectionsInRequest: Int { shared.connectionsInRequest.load(ordering: .relaxed) }

    /// Idle connections closed so far to admit new ones at `maxConnections`.
    public var evictedConnectionCount: Int { shared.evictions.load(ordering: .relaxed) }

    /// Graceful: stop accepting, close idle keep-alive connections, let in-flight requests finish and their responses
    /// flush, up to `deadline`; then close everything. Returns true if everything drained in time. Idempotent: a later
    /// call returns the first call's result.
    public func shutdown(deadline: Duration) -> Bool {
        lifecycle.shutdown(deadline: deadline)
    }
}
