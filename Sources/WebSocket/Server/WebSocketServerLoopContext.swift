import Net

/// The part of a `WebSocketServer` that lives on one event loop: its handshaking and open connections.
///
/// Created by the server before use and afterwards touched only on `loop`'s thread (the server reaches it with
/// `loop.execute`); the connection count and id generator it shares with the other loops are atomics in
/// `WebSocketServerShared`.
final class WebSocketServerLoopContext: ListenerLoopContext, @unchecked Sendable {
    // Safety: `upgrades`, `sessions`, `isShuttingDown`, `dirtySessions` and `isFlushPassScheduled` are used only on
    // `loop`'s thread (from loop callbacks, or from methods that start with `loop.preconditionInEventLoop()`; the
    // eviction extension reads `upgrades` and `sessions` from `accepted`, a loop callback); every other member is
    // immutable and Sendable.
    let loop: EventLoop
    let configuration: WebSocketServerConfiguration
    let handler: any WebSocketHandler
    let onMetric: @Sendable (WebSocketMetricEvent) -> Void
    let shared: WebSocketServerShared
    private(set) var upgrades: [ObjectIdentifier: WebSocketUpgradeHandler] = [:]
    private(set) var sessions: [ObjectIdentifier: WebSocketSession] = [:]
    private var isShuttingDown = false
    /// Sessions with queued bytes waiting for this loop's next flush pass (each at most once, see `scheduleFlush`).
    private var dirtySessions: [WebSocketSession] = []
    private var isFlushPassScheduled = false

    init(loop: EventLoop, configuration: WebSocketServerConfiguration, handler: any WebSocketHandler,
         shared: WebSocketServerShared, onMetric: @escaping @Sendable (WebSocketMetricEvent) -> Void) {
        self.loop = loop
        self.configuration = configuration
        self.handler = handler
        self.shared = shared
        self.onMetric = onMetric
    }

    /// Loop thread: a socket was accepted. At `maxConnections` one of this loop's connections makes room for it
    /// (`evictOneConnection`); with none to evict, or while shutting down, it is closed at once.
    func accepted(descriptor: Int32, remoteAddress: String) {
        guard !isShuttingDown,
              shared.connections.reserve() || (evictOneConnection() && shared.connections.reserve()) else {
            TCPConnection.closeRejected(descriptor: descriptor)
            return
        }
        do {
            let tcp = try TCPConnection(descriptor: descriptor, remoteAddress: remoteAddress, loop: loop,
                                        writeLimitBytes: configuration.maxOutboundBytes)
            let upgrade = WebSocketUpgradeHandler(tcp: tcp, context: self)
            upgrades[ObjectIdentifier(upgrade)] = upgrade
        } catch {
            shared.connections.release()
        }
    }

    func nextConnectionID() -> UInt64 { shared.nextConnectionID() }

    /// Loop thread: the handshake finished (handed off) or its socket closed.
    func upgradeEnded(_ upgrade: WebSocketUpgradeHandler) {
        guard upgrades.removeValue(forKey: ObjectIdentifier(upgrade)) != nil else { return }
        if upgrade.tcp.isClosed { shared.connections.release() }
    }

    /// Loop thread: an accepted session took over its socket (the connection stays counted).
    func sessionStarted(_ session: WebSocketSession) {
        sessions[ObjectIdentifier(session)] = session
        if isShuttingDown { session.close(code: .goingAway, reason: "server shutting down") }
    }

    /// Loop thread: a session's socket closed.
    func sessionClosed(_ session: WebSocketSession) {
        if sessions.removeValue(forKey: ObjectIdentifier(session)) != nil { shared.connections.release() }
    }

    /// Loop thread: `session` queued bytes; they are written in this loop's next flush pass. A fan-out that queues
    /// one frame on thousands of sessions costs one `execute` per loop, not one per connection.
    func scheduleFlush(_ session: WebSocketSession) {
        loop.preconditionInEventLoop()
        dirtySessions.append(session)
        guard !isFlushPassScheduled else { return }
        isFlushPassScheduled = true
        loop.execute { [self] in flushDirtySessions() }
    }

    /// Loop thread: writes every dirty session straight to its socket (a partial write waits for `EPOLLOUT`).
    private func flushDirtySessions() {
        loop.preconditionInEventLoop()
        isFlushPassScheduled = false
        let dirty = dirtySessions
        dirtySessions.removeAll(keepingCapacity: true)
        for session in dirty { session.flushScheduled() }
    }

    /// Loop thread: close frames 1001 to every open connection; handshakes in progress are dropped.
    func beginShutdown() {
        loop.preconditionInEventLoop()
        isShuttingDown = true
        for upgrade in Array(upgrades.values) { upgrade.abort() }
        for session in Array(sessions.values) { session.close(code: .goingAway, reason: "server shutting down") }
    }

    /// Loop thread: closes every socket now.
    func closeAll() {
        loop.preconditionInEventLoop()
        for upgrade in Array(upgrades.values) { upgrade.abort() }
        for session in Array(sessions.values) { session.tcp.close() }
    }
}
