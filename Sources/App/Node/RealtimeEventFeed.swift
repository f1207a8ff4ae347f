import Engine
import Game
import Locking
import Realtime
import Replication
import Store

/// The path from committed domain events to the realtime hub, with each batch's log position (replication log seq and
/// term), so the gateway numbers events by the durable log and a `resume` after a restart or a promotion stays exact.
///
/// Why a type: on a primary, a batch's events are published by its commands' `afterCommit` actions, which know
/// nothing of the log record the recorder wrote; with sync replication they even run later, on the gate's thread,
/// while the writer commits further batches. So a writer observer (after the recorder) queues the position and the
/// number of event payloads of every committed batch that has some, in commit order, and the `EventBus` listener takes
/// one position per publication, in the same order. A standby queues each applied record's position itself before
/// republishing its events (`expect`). Subscribed to the bus before the writer runs, so the queue never drifts; until
/// the gateway `connect`s, publications are dropped (the gateway loads them from the log). State in one `Locked`.
final class RealtimeEventFeed: Sendable {
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

    /// Subscribes to `bus` (call before the writer runs commands).
    init(bus: EventBus) {
        bus.subscribe { [self] events in receive(events) }
    }

    /// The writer observer that queues positions (give it to the writer after the recorder): on a primary, each
    /// batch with event payloads queues its position once committed (after the recorder moved the head).
    func writerObserver(node: ReplicationNode) -> PositionObserver {
        PositionObserver(feed: self, node: node)
    }

    /// Queues each committed primary batch's log position on the feed (writer thread, after the recorder).
    struct PositionObserver: WriterObserver {
        let feed: RealtimeEventFeed
        let node: ReplicationNode

        func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws {
            // On a primary every attachment is one `EventBus.publish(_:after:)`, which also publishes once.
            guard node.isPrimary, !batch.attachments.isEmpty else { return }
            let count = batch.attachments.count
            // A batch that changed nothing has no log record: its events are numbered after the head, in memory only.
            let hasRecord = !batch.changeset.isEmpty
            let (feed, node) = (feed, node)
            transaction.afterCommit {
                let current = node.current
                feed.expect(count, at: hasRecord ? RealtimeLogPosition(logSeq: current.headSeq, term: current.term) : nil)
            }
        }
    }

    /// Queues `count` publications that belong to the batch at `position` (writer thread, in commit order; nil for a
    /// batch without a log record).
    func expect(_ count: Int, at position: RealtimeLogPosition?) {
        guard count > 0 else { return }
        state.withLock { $0.pending.append(Pending(position: position, remaining: count)) }
    }

    /// From now on, publications go to `hub` (after it loaded the log: see `Node.startGateway`).
    func connect(_ hub: RealtimeHub) {
        state.withLock { $0.hub = hub }
    }

    /// The events of every record up to `position` will never be published (a standby re-bootstrapped from a
    /// snapshot): the hub forgets its windows and tells subscribers to `resync`.
    func skip(to position: RealtimeLogPosition) {
        state.withLock { $0.hub }?.skip(to: position)
    }

    /// The `EventBus` listener: takes the publication's position and hands both to the hub.
    private func receive(_ events: [DomainEvent]) {
        let (hub, position) = state.withLock { state -> (RealtimeHub?, RealtimeLogPosition?) in
            guard var first = state.pending.first else { return (state.hub, nil) }
            first.remaining -= 1
            if first.remaining == 0 { state.pending.removeFirst() } else { state.pending[0] = first }
            return (state.hub, first.position)
        }
        hub?.publish(events, at: position)
    }

    /// Publications still expected (tests).
    var pendingCount: Int { state.withLock { $0.pending.reduce(0) { $0 + $1.remaining } } }
}

extension RealtimeEventFeed {
    /// Reads what `RealtimeHub.restore` needs from the log: the head, the term starts and the events of the newest
    /// `recordCount` records (fewer when the log was pruned shorter). Undecodable payloads are skipped and raise the
    /// first covered seq past them, so the hub answers `resync` rather than replaying around a hole.
    static func loadHistory(recordCount: Int, in executor: any SQLExecutor) throws -> RealtimeLogHistory {
        guard let head = try ReplicationLog.headPosition(in: executor) else {
            return RealtimeLogHistory(head: .origin, firstLogSeq: 1, termStarts: [], batches: [])
        }
        let oldest = try ReplicationLog.oldestSeq(in: executor) ?? head.seq
        var firstLogSeq = max(oldest, head.seq - Int64(max(1, recordCount)) + 1)
        var batches: [RealtimeLogHistory.Batch] = []
        for record in try ReplicationLog.eventRecords(fromSeq: firstLogSeq, in: executor) {
            do {
                var events: [DomainEvent] = []
                for attachment in try ReplicationEvents.decode(record.events) {
                    events += try DomainEventCoding.decode(attachment)
                }
                batches.append(.init(position: RealtimeLogPosition(logSeq: record.seq, term: record.term), events: events))
            } catch {
                batches.removeAll()
                firstLogSeq = record.seq + 1
            }
        }
        return RealtimeLogHistory(
            head: RealtimeLogPosition(logSeq: head.seq, term: head.term), firstLogSeq: firstLogSeq,
            termStarts: try ReplicationLog.termStarts(in: executor).map { RealtimeLogPosition(logSeq: $0.seq, term: $0.term) },
            batches: batches)
    }
}
