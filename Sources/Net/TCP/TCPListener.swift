import Synchronization

/// A non-blocking listening TCP socket shared by the loops of a group.
///
/// One socket (no `SO_REUSEPORT`, so a second server on the same port fails with `addressInUse` instead of silently
/// sharing it). Each loop that accepts registers it with `EPOLLEXCLUSIVE`, so a new connection wakes one loop, and that
/// loop owns the connection. Any thread may hold it; `startAccepting`/`stopAccepting` run on the loop concerned; `close`
/// once every loop stopped accepting.
package final class TCPListener: Sendable {
    package let host: String
    /// The bound port (the kernel's choice when asked for port 0).
    package let port: Int
    private let descriptor: Int32
    private let isClosed = Atomic<Bool>(false)

    /// Binds and listens (`SO_REUSEADDR`). Throws `NetError.addressInUse` if the port is taken.
    package init(host: String, port: Int, backlog: Int32 = 1_024) throws(NetError) {
        let descriptor = try SystemSocket.listen(host: host, port: port, backlog: backlog)
        do {
            self.port = try SystemSocket.localPort(descriptor)
        } catch {
            System.close(descriptor)
            throw error
        }
        self.host = host
        self.descriptor = descriptor
    }

    /// Loop thread: accept connections on `loop`, calling `onAccept(descriptor, remoteAddress)` for each. When the
    /// process runs out of descriptors (`EMFILE`/`ENFILE`) the loop stops accepting for `backoff` instead of spinning.
    package func startAccepting(on loop: EventLoop, backoff: Duration = .milliseconds(100),
                                onAccept: @escaping (Int32, String) -> Void) throws(NetError) {
        guard !isClosed.load(ordering: .acquiring) else { throw NetError.loopShutDown(index: loop.index) }
        let acceptor = ListenerAcceptor(descriptor: descriptor, loop: loop, backoff: backoff, onAccept: onAccept)
        try loop.register(descriptor: descriptor, interest: .exclusive, handler: acceptor)
    }

    /// Loop thread: stop accepting on `loop`.
    package func stopAccepting(on loop: EventLoop) {
        loop.deregister(descriptor: descriptor)
    }

    /// Closes the socket; new connection attempts are refused. Call after every loop stopped accepting. Idempotent.
    package func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        System.close(descriptor)
    }

    deinit { close() }
}

/// The per-loop registration of a `TCPListener`: accepts in batches and backs off on descriptor exhaustion.
///
/// Owned by (registered with) one loop; called on its thread only.
private final class ListenerAcceptor: EventLoopSelectable {
    private static let acceptBatch = 32
    private let descriptor: Int32
    private let loop: EventLoop
    private let backoff: Duration
    private let onAccept: (Int32, String) -> Void
    private var isRegistered = true

    init(descriptor: Int32, loop: EventLoop, backoff: Duration, onAccept: @escaping (Int32, String) -> Void) {
        self.descriptor = descriptor
        self.loop = loop
        self.backoff = backoff
        self.onAccept = onAccept
    }

    func selectableReady(_ events: SelectableEvents) {
        for _ in 0..<Self.acceptBatch {
            do {
                switch try SystemSocket.accept(descriptor) {
                case .wouldBlock: return
                case .processed(nil): continue
                case .processed(let accepted?): onAccept(accepted.descriptor, accepted.remote)
                }
            } catch {
                pauseAccepting()
                return
            }
        }
    }

    /// Out of descriptors or memory: stop listening on this loop for `backoff`, then try again.
    private func pauseAccepting() {
        do { try loop.setInterest(descriptor: descriptor, []) } catch { return }
        loop.scheduleLoopTimer(after: backoff) { [self] in
            guard isRegistered else { return }
            try? loop.setInterest(descriptor: descriptor, .exclusive)
        }
    }

    func eventLoopDidStop() {
        isRegistered = false
    }
}
