import Dispatch
import Foundation
import Net
import Synchronization

/// The WebSocket gateway: its own listening socket (default port 4001, path `/ws`) served by the loops of the
/// group the HTTP server uses, handing every accepted connection to one `WebSocketHandler`.
///
/// Each connection belongs to the loop that accepted it (see `WebSocketUpgradeHandler`, `WebSocketSession`); handler
/// callbacks run there. `start`, `shutdown` and the getters may be called from any thread except the group's loops.
/// The lifecycle is an explicit `State` behind a `Mutex`, never held while waiting for the loops.
public final class WebSocketServer: Sendable {
    /// The server lifecycle: started once, stopped once.
    private enum State {
        case idle
        case running(listener: TCPListener, contexts: [WebSocketServerLoopContext])
        case stopping
        case stopped(drained: Bool)
    }

    private let configuration: WebSocketServerConfiguration
    private let group: EventLoopGroup
    private let handler: any WebSocketHandler
    private let onMetric: @Sendable (WebSocketMetricEvent) -> Void
    private let shared: WebSocketServerShared
    private let state = Mutex(State.idle)
    private let boundPort = Atomic<Int>(0)

    /// - Parameters:
    ///   - handler: receives every connection's open, messages and close, on the connection's loop.
    ///   - onMetric: counts connections, sent and dropped messages and slow-consumer disconnects; must be cheap.
    public init(configuration: WebSocketServerConfiguration, group: EventLoopGroup, handler: any WebSocketHandler,
                onMetric: @escaping @Sendable (WebSocketMetricEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.group = group
        self.handler = handler
        self.onMetric = onMetric
        shared = WebSocketServerShared(maxConnections: configuration.maxConnections)
    }

    /// Binds and listens (accepted on every loop with `EPOLLEXCLUSIVE`) and returns once every loop accepts.
    /// Throws `NetError.addressInUse` when the port is taken, `NetError.invalidAddress` for a bad host. Calling it
    /// again after a successful start does nothing.
    public func start() throws {
        let starting = try state.withLock { state throws -> (TCPListener, [WebSocketServerLoopContext])? in
            guard case .idle = state else { return nil }
            let listener = try TCPListener(host: configuration.host, port: configuration.port)
            let contexts = group.loops.map {
                WebSocketServerLoopContext(loop: $0, configuration: configuration, handler: handler, shared: shared,
                                           onMetric: onMetric)
            }
            state = .running(listener: listener, contexts: contexts)
            return (listener, contexts)
        }
        guard let (listener, contexts) = starting else { return }
        boundPort.store(listener.port, ordering: .releasing)
        let failures = Mutex<[any Error]>([])
        runOnEveryLoop(contexts, timeout: .seconds(10)) { context in
            do {
                try listener.startAccepting(on: context.loop) { descriptor, remote in
                    context.accepted(descriptor: descriptor, remoteAddress: remote)
                }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) {
            _ = shutdown(deadline: .zero)
            throw failure
        }
    }

    /// The bound port (the kernel's choice for port 0); 0 before `start`.
    public var localPort: Int { boundPort.load(ordering: .acquiring) }

    /// Connections currently open (handshaking or upgraded).
    public var openConnectionCount: Int { shared.openConnectionCount }

    /// Graceful: stop accepting, send close frames 1001 to every connection and wait for the close handshakes, up to
    /// `deadline`; then close whatever is left. Returns true if every connection closed in time. Idempotent: a later
    /// call returns the first call's result.
    public func shutdown(deadline: Duration) -> Bool {
        precondition(!group.loops.contains { $0.inEventLoop }, "WebSocketServer.shutdown called from an event loop")
        let end = ContinuousClock.now + deadline
        let running = state.withLock { state -> (TCPListener, [WebSocketServerLoopContext])?? in
            switch state {
            case .idle:
                state = .stopped(drained: true)
                return .some(nil)
            case .running(let listener, let contexts):
                state = .stopping
                return .some((listener, contexts))
            case .stopping, .stopped:
                return nil
            }
        }
        guard let running else { return waitForStopped(until: end) }
        guard let (listener, contexts) = running else { return true }
        runOnEveryLoop(contexts, timeout: max(deadline, .seconds(1))) { context in
            listener.stopAccepting(on: context.loop)
            context.beginShutdown()
        }
        listener.close()
        while shared.openConnectionCount > 0 && ContinuousClock.now < end {
            Thread.sleep(forTimeInterval: 0.002)
        }
        let drained = shared.openConnectionCount == 0
        if !drained {
            runOnEveryLoop(contexts, timeout: .seconds(5)) { $0.closeAll() }
        }
        state.withLock { $0 = .stopped(drained: drained) }
        return drained
    }

    /// Runs `body` on every context's loop and waits (up to `timeout`) until all ran.
    private func runOnEveryLoop(_ contexts: [WebSocketServerLoopContext], timeout: Duration,
                                _ body: @escaping @Sendable (WebSocketServerLoopContext) -> Void) {
        let group = DispatchGroup()
        for context in contexts {
            group.enter()
            context.loop.execute {
                body(context)
                group.leave()
            }
        }
        let (seconds, attoseconds) = timeout.components
        _ = group.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
    }

    /// Another caller is shutting down: wait for its outcome.
    private func waitForStopped(until end: ContinuousClock.Instant) -> Bool {
        while true {
            let outcome = state.withLock { state -> Bool? in
                if case .stopped(let drained) = state { return drained }
                return nil
            }
            if let outcome { return outcome }
            if ContinuousClock.now >= end + .seconds(10) { return false }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }
}
