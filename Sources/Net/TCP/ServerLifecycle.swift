import Dispatch
import Foundation
import Locking
import Synchronization

/// The start-once, stop-once lifecycle of a listening server whose one socket is accepted on every loop of a group
/// (`EPOLLEXCLUSIVE`): shared by the HTTP server and the WebSocket gateway.
///
/// `start`, `shutdown` and the getters may be called from any thread except the group's loops. The state sits behind a
/// `Locked` that is never held while waiting for the loops.
package final class ServerLifecycle<Context: ListenerLoopContext>: Sendable {
    private enum State {
        case idle
        case running(listener: TCPListener, contexts: [Context])
        case stopping
        case stopped(drained: Bool)
    }

    private let group: EventLoopGroup
    private let connections: ConnectionCounter
    private let state = Locked(State.idle)
    private let boundPort = Atomic<Int>(0)

    package init(group: EventLoopGroup, connections: ConnectionCounter) {
        self.group = group
        self.connections = connections
    }

    /// Binds `host:port` and returns once every loop accepts, each into the context `makeContext` built for it.
    /// Throws `NetError.addressInUse` when the port is taken, `NetError.invalidAddress` for a bad host. Calling it
    /// again after a successful start does nothing.
    package func start(host: String, port: Int, makeContext: (EventLoop) -> Context) throws {
        let starting = try state.withLock { state throws -> (TCPListener, [Context])? in
            guard case .idle = state else { return nil }
            let listener = try TCPListener(host: host, port: port)
            let contexts = group.loops.map(makeContext)
            state = .running(listener: listener, contexts: contexts)
            return (listener, contexts)
        }
        guard let (listener, contexts) = starting else { return }
        boundPort.store(listener.port, ordering: .releasing)
        let failures = Locked<[any Error]>([])
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
    package var localPort: Int { boundPort.load(ordering: .acquiring) }

    /// Graceful: stop accepting, let every context begin its shutdown, wait for the open connections to reach zero up
    /// to `deadline`, then close what is left. Returns true if everything drained in time. Idempotent: a later call
    /// returns the first call's result.
    package func shutdown(deadline: Duration) -> Bool {
        precondition(!group.loops.contains { $0.inEventLoop }, "server shutdown called from an event loop")
        let end = ContinuousClock.now + deadline
        let running = state.withLock { state -> (TCPListener, [Context])?? in
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
        while connections.openConnectionCount > 0 && ContinuousClock.now < end {
            Thread.sleep(forTimeInterval: 0.002)
        }
        let drained = connections.openConnectionCount == 0
        if !drained {
            runOnEveryLoop(contexts, timeout: .seconds(5)) { $0.closeAll() }
        }
        state.withLock { $0 = .stopped(drained: drained) }
        return drained
    }

    /// Runs `body` on every context's loop and waits (up to `timeout`) until all ran.
    private func runOnEveryLoop(_ contexts: [Context], timeout: Duration, _ body: @escaping @Sendable (Context) -> Void) {
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
