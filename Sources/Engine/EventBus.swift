import Game
import Locking

/// The in-process hand-off of committed domain events to whoever listens (the realtime gateway, metrics, tests).
///
/// `publish` is called from `afterCommit` actions on the writer thread, so listeners see batches in commit order.
/// Listeners must be quick and non-blocking: copy the events and hand them to their own thread or loop.
public final class EventBus: Sendable {
    public typealias Listener = @Sendable ([DomainEvent]) -> Void

    private let listeners = Locked<[Listener]>([])

    public init() {}

    /// Adds a listener for every later publication. Register at start-up, before the writer runs commands.
    public func subscribe(_ listener: @escaping Listener) {
        listeners.withLock { $0.append(listener) }
    }

    /// Delivers `events` to every listener, in registration order. Empty lists are dropped.
    public func publish(_ events: [DomainEvent]) {
        guard !events.isEmpty else { return }
        let current = listeners.withLock { $0 }
        for listener in current { listener(events) }
    }
}
