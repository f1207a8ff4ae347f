import Engine
import Game
import Realtime
import Replication
import Store

/// The node's wiring of the realtime feed to the event bus and to the replication log it numbers events by.
extension RealtimeEventFeed {
    /// A feed subscribed to `bus` (call before the writer runs commands).
    convenience init(bus: EventBus) {
        self.init()
        bus.subscribe { [self] events in receive(events) }
    }

    /// The writer observer that queues the position of each committed batch of a primary (`node`'s head after the
    /// recorder moved it); give it to the writer after the recorder.
    func writerObserver(node: ReplicationNode) -> PositionObserver {
        writerObserver(isPrimary: { node.isPrimary }, head: {
            let current = node.current
            return RealtimeLogPosition(logSeq: current.headSeq, term: current.term)
        })
    }

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
