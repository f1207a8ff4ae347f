import Net
import Synchronization
import WebSocket

/// The gateway's state for one WebSocket connection: who it is (once authenticated), what it subscribed to, its
/// timers and its commands in flight.
///
/// Owned by the connection's event loop: every method runs there (the gateway's callbacks and loop timers), checked
/// with `preconditionInEventLoop()`. Only `commandsInFlight` is touched from other threads (command completions), and
/// it is an atomic.
final class RealtimeSession: @unchecked Sendable {
    // Safety: the `var`s are read and written only on `connection.eventLoop` (each method starts with
    // `loop.preconditionInEventLoop()` or is called from one that did); the `let`s are immutable or atomic.
    let connection: WebSocketConnection
    private(set) var identity: RealtimeIdentity?
    var subscriptions: RealtimeSubscriptionSet
    /// Set once the connection is being closed for an auth failure: later messages are ignored.
    var isRejected = false
    private var authDeadlineTimer: TimerHandle?
    private var expiryTimer: TimerHandle?
    let commandsInFlight = Atomic<Int>(0)

    init(connection: WebSocketConnection, topicLimit: Int) {
        self.connection = connection
        subscriptions = RealtimeSubscriptionSet(limit: topicLimit)
    }

    private var loop: EventLoop { connection.eventLoop }

    /// Records the identity and (re)arms the timer that closes the connection at `exp`.
    func authenticate(_ identity: RealtimeIdentity, closeAfter delay: Duration,
                      onExpiry: @escaping @Sendable () -> Void) {
        loop.preconditionInEventLoop()
        self.identity = identity
        cancelTimer(&authDeadlineTimer)
        cancelTimer(&expiryTimer)
        expiryTimer = loop.scheduleTimer(after: max(delay, .zero), onExpiry)
    }

    /// Arms the timer that closes an unauthenticated connection.
    func armAuthDeadline(_ delay: Duration, onDeadline: @escaping @Sendable () -> Void) {
        loop.preconditionInEventLoop()
        authDeadlineTimer = loop.scheduleTimer(after: delay, onDeadline)
    }

    /// The connection ended: cancels the timers and returns the topics it was subscribed to.
    func end() -> [RealtimeTopic] {
        loop.preconditionInEventLoop()
        cancelTimer(&authDeadlineTimer)
        cancelTimer(&expiryTimer)
        isRejected = true
        return subscriptions.removeAll()
    }

    /// Reserves a command slot unless `limit` are in flight.
    func reserveCommand(limit: Int) -> Bool {
        let before = commandsInFlight.wrappingAdd(1, ordering: .relaxed).oldValue
        if before < limit { return true }
        commandsInFlight.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    /// Any thread: a command answered.
    func releaseCommand() {
        commandsInFlight.wrappingSubtract(1, ordering: .relaxed)
    }

    private func cancelTimer(_ timer: inout TimerHandle?) {
        if let handle = timer { loop.cancelTimer(handle) }
        timer = nil
    }
}
