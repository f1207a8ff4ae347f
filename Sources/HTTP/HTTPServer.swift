import Dispatch
import Foundation
import Net
import Synchronization

/// The HTTP/1.1 server: one listening socket shared by the loops of a group, keep-alive and pipelined connections.
///
/// Each accepted connection belongs to the loop that accepted it (see `HTTPConnection`); handlers run on that loop.
/// `start`, `shutdown` and the getters may be called from any thread except the group's loops. The lifecycle is an
/// explicit `State` behind a `Mutex`, never held while waiting for the loops.
public final class HTTPServer: Sendable {
    /// The server lifecycle: started once, stopped once.
    private enum State {
        case idle
        case running(listener: TCPListener, contexts: [HTTPServerLoopContext])
        case stopping
        case stopped(drained: Bool)
    }

    private let configuration: HTTPServerConfiguration
    private let group: EventLoopGroup
    private let router: Router
    private let shared: HTTPServerShared
    private let state = Mutex(State.idle)
    private let boundPort = Atomic<Int>(0)

    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup, router: Router,
                onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)? = nil) {
        self.configuration = configuration
        self.group = group
        self.router = router
        shared = HTTPServerShared(maxConnections: configuration.maxConnections, onRequestCompleted: onRequestCompleted)
    }

    /// Binds and listens (`SO_REUSEADDR`; one socket, accepted on every loop with `EPOLLEXCLUSIVE`) and returns once
    /// every loop accepts. Throws `NetError.addressInUse` when the port is taken, `NetError.invalidAddress` for a bad
    /// host. Calling it again after a successful start does nothing.
    public func start() throws {
        let starting = try state.withLock { state throws -> (TCPListener, [HTTPServerLoopContext])? in
            guard case .idle = state else { return nil }
            let listener = try TCPListener(host: configuration.host, port: configuration.port)
            let contexts = group.loops.map {
                HTTPServerLoopContext(loop: $0, router: router, configuration: configuration, server: shared)
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

    /// Connections currently open (accepted and not yet closed).
    public var openConnectionCount: Int { shared.openConnectionCount }

    /// Graceful: stop accepting, close idle keep-alive connections, let in-flight requests finish and their responses
    /// flush, up to `deadline`; then close everything. Returns true if everything drained in time. Idempotent: a later
    /// call returns the first call's result.
    public func shutdown(deadline: Duration) -> Bool {
        precondition(!group.loops.contains { $0.inEventLoop }, "HTTPServer.shutdown called from an event loop")
        let end = ContinuousClock.now + deadline
        let running = state.withLock { state -> (TCPListener, [HTTPServerLoopContext])?? in
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
            usleepMilliseconds(2)
        }
        let drained = shared.openConnectionCount == 0
        if !drained {
            runOnEveryLoop(contexts, timeout: .seconds(5)) { $0.closeAll() }
        }
        state.withLock { $0 = .stopped(drained: drained) }
        return drained
    }

    /// Runs `body` on every context's loop and waits (up to `timeout`) until all ran.
    private func runOnEveryLoop(_ contexts: [HTTPServerLoopContext], timeout: Duration,
                                _ body: @escaping @Sendable (HTTPServerLoopContext) -> Void) {
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
            usleepMilliseconds(2)
        }
    }

    private func usleepMilliseconds(_ milliseconds: Int) {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
    }
}
