import Game
import Locking
import Store

/// The path from committed domain events to the realtime hub, with each batch's log position (replication log seq and
/// term), so the gateway numbers events by the durable log and a `resume` after a restart or a promotion stays exact.
///
/// Why a type: on a primary, a batch's events are published by its commands' `afterCommit` actions, which know
/// nothing of the log record the recorder wrote; with sync replication they even run later, on the gate's thread,
/// while the writer commits further batches. So a writer observer (after the recorder) queues the position and the
/// number of event payloads of every committed batch that has some, in commit order, and the event bus's listener
/// (`receive`) takes one position per publication, in the same order. A standby queues each applied record's position
/// itself before republishing its events (`expect`). Subscribed to the bus before the writer runs, so the queue never
/// drifts; until the gateway `connect`s, publications are dropped (the gateway loads them from the log). The node
/// wires it to the bus and the replication log. State in one `Locked`.
public final class RealtimeEventFeed: Sendable {
    /// A batch whose publications are still expected (its position nil when it has no log record).
    private struct Pending {
        let position: RealtimeLogPosition?
        var remaining: Int
    }

    private struct State {
        var pending: [Pending] = []
        var hub: RealtimeHub?
    }

    private let state = Locked(State())

    /// A feed that drops publications until `connect`; give `receive` to the event bus before the writer runs.
    public init() {}

    /// The writer observer that queues positions (give it to the writer after the replication recorder): while
    /// `isPrimary`, each batch with event payloads queues `head()` once committed (after the recorder moved the head).
    public func writerObserver(isPrimary: @escaping @Sendable () -> Bool,
                               head: @escaping @Sendable () -> RealtimeLogPosition) -> PositionObserver {
        PositionObserver(feed: self, isPrimary: isPrimary, head: head)
    }

    /// Queues each committed primary batch's log position on the feed (writer thread, after the recorder).
    public struct PositionObserver: WriterObserver {
        let feed: RealtimeEventFeed
        let isPrimary: @Sendable () -> Bool
        let head: @Sendable () -> RealtimeLogPosition

        public func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws {
            // On a primary every attachment is one `EventBus.publish(_:after:)`, which also publishes once.
            guard isPrimary(), !batch.attachments.isEmpty else { return }
            let count = batch.attachments.count
            // A batch that changed nothing has no log record: its events are numbered after the head, in memory only.
            let hasRecord = !batch.changeset.isEmpty
            let (feed, head) = (feed, head)
            transaction.afterCommit {
                let position = head()
                feed.expect(count, at: hasRecord ? position : nil)
            }
        }
    }

    /// Queues `count` publications that belong to the batch at `position` (writer thread, in commit order; nil for a
    /// batch without a log record).
    public func expect(_ count: Int, at position: RealtimeLogPosition?) {
        guard count > 0 else { return }
        state.withLock { $0.pending.append(Pending(position: position, remaining: count)) }
    }

    /// From now on, publications go to `hub` (after it loaded the log: see `Node.startGateway`).
    public func connect(_ hub: RealtimeHub) {
        state.withLock { $0.hub = hub }
    }

    /// The events of every record up to `position` will never be published (a standby re-bootstrapped from a
    /// snapshot): the hub forgets its windows and tells subscribers to `resync`.
    public func skip(to position: RealtimeLogPosition) {
        state.withLock { $0.hub }?.skip(to: position)
    }

    /// The event bus's listener: takes the publication's position and hands both to the hub.
    public func receive(_ events: [DomainEvent]) {
        let (hub, position) = state.withLock { state -> (RealtimeHub?, RealtimeLogPosition?) in
            guard var first = state.pending.first else { return (state.hub, nil) }
            first.remaining -= 1
            if first.remaining == 0 { state.pending.removeFirst() } else { state.pending[0] = first }
            return (state.hub, first.position)
        }
        hub?.publish(events, at: position)
    }

    /// Publications still expected (tests).
    public var pendingCount: Int { state.withLock { $0.pending.reduce(0) { $0 + $1.remaining } } }
}
