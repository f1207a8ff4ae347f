import Game
import Locking
import Store

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

    /// Publishes `events` once `transaction`'s batch commits, and attaches them to the batch (`Transaction.attach`)
    /// so replication stores them in the batch's log record and a standby republishes the same events after applying
    /// it. The one way game code publishes; nothing is published or attached when the command rolls back.
    /// Every `player:{id}` event first gets that player's holdings as they stand in `transaction`
    /// (`PlayerEventHoldings`), so call this after the command's changes to those players. Pass `accounts` when every
    /// balance change of the command went through it: the holdings of the players it read come from there.
    /// - Throws: `GameError.store` when the holdings cannot be read (the command then rolls back).
    public func publish(_ events: [DomainEvent], after transaction: Transaction, accounts: LedgerAccounts? = nil) throws {
        guard !events.isEmpty else { return }
        let events = try PlayerEventHoldings.annotate(events, accounts: accounts, in: transaction)
        transaction.attach(DomainEventCoding.encode(events))
        transaction.afterCommit { [self] in publish(events) }
    }

    /// Delivers `events` to every listener, in registration order. Empty lists are dropped.
    public func publish(_ events: [DomainEvent]) {
        guard !events.isEmpty else { return }
        let current = listeners.withLock { $0 }
        for listener in current { listener(events) }
    }
}
