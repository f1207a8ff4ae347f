@testable import App
import ClockTesting
import Engine
import Foundation
import Game
import Locking
import Net
import Realtime
import Replication
import Store
import Telemetry
import Testing
import TestSupport
import WebSocket

/// `RealtimeEventFeed` on a real writer with the replication recorder: every publication reaches the hub with the
/// log position of the batch that made it, also when a completion gate (sync replication) releases batches late while
/// the writer commits later ones; and `loadHistory` reads back the same positions from the log.
@Suite struct RealtimeEventFeedTests {
    /// A loop-less subscriber that keeps the seq of every event it is handed.
    final class SeqRecorder: RealtimeSubscriber {
        let subscriberID: UInt64 = 1
        let deliveryLoop: EventLoop? = nil
        private let seqs = Locked<[Int64]>([])

        func deliver(_ message: WebSocketOutboundMessage) {
            let text = String(decoding: message.frameBytes.dropFirst(2), as: UTF8.self)
            guard let range = text.range(of: #""seq":"#), let seq = Int64(text[range.upperBound...].prefix { $0.isNumber })
            else { return }
            seqs.withLock { $0.append(seq) }
        }

        var received: [Int64] { seqs.withLock { $0 } }
    }

    /// A completion gate that holds every batch until the test releases them.
    final class HoldingGate: WriterCompletionGate {
        private let held = Locked<[WriterHeldBatch]>([])
        func hold(_ batch: WriterHeldBatch) { held.withLock { $0.append(batch) } }
        var count: Int { held.withLock { $0.count } }
        func releaseAll() { for batch in held.withLock({ batches in defer { batches = [] }; return batches }) { batch.release() } }
    }

    private func event(_ label: String) -> DomainEvent {
        DomainEvent(topic: "auctions", type: "auction_created", dataJSON: Array(#"{"label":"\#(label)"}"#.utf8))
    }

    @Test(.timeLimit(.minutes(1)))
    func heldBatchesAreNumberedByTheirOwnRecordsAndTheLogAgrees() throws {
        let directory = try TemporaryDirectory(prefix: "realtime-feed")
        let store = StoreConfiguration(path: directory.file("worldgame.db"))
        try DatabaseSetup.migrate(store)
        let setup = try Connection(configuration: store, readOnly: false)
        try setup.execute("CREATE TABLE feed_items (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        setup.close()

        let node = ReplicationNode(role: .primary, term: 3, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let replicationFeed = ReplicationFeed()
        let recorder = ReplicationRecorder(node: node, feed: replicationFeed,
                                           pruner: ReplicationPruner(retainedRecords: 1_000, feed: replicationFeed),
                                           clock: ManualClock(milliseconds: 42))
        let bus = EventBus()
        let feed = RealtimeEventFeed(bus: bus)
        let gate = HoldingGate()
        let writer = try Writer(configuration: store, observers: [recorder, feed.writerObserver(node: node)],
                                completionGate: gate)
        defer { writer.shutdown() }
        let hub = RealtimeHub(configuration: RealtimeConfiguration(), metrics: try RealtimeMetrics(registry: MetricsRegistry()))
        feed.connect(hub)
        let subscriber = SeqRecorder()
        _ = hub.subscribe(subscriber, to: ["auctions"])

        // Four batches, committed while the gate holds their completions: the second publishes twice, the fourth
        // changes nothing (no log record).
        let done = Locked(0)
        let batches: [[String]] = [["a"], ["b", "c"], ["d"], ["unlogged"]]
        for (number, labels) in batches.enumerated() {
            let events = labels.map(event)
            writer.submit({ transaction in
                for (index, label) in labels.enumerated() {
                    if label != "unlogged" { try transaction.run("INSERT INTO feed_items (label) VALUES (?)", [label]) }
                    try bus.publish([events[index]], after: transaction)
                }
            }, completion: { _ in done.withLock { $0 += 1 } })
            _ = waitUntil(.seconds(20)) { gate.count >= number + 1 }
        }
        #expect(gate.count == 4, "all four batches committed and held")
        #expect(subscriber.received.isEmpty, "nothing is published before the gate releases")
        #expect(node.current.headSeq == 3)
        gate.releaseAll()

        let position = { (logSeq: Int64) in RealtimeLogPosition(logSeq: logSeq, term: 3) }
        let expected = [RealtimeSeq.encode(position(1)), RealtimeSeq.encode(position(2)),
                        RealtimeSeq.encode(position(2), index: 1), RealtimeSeq.encode(position(3)),
                        RealtimeSeq.encode(position(3)) + 1]
        #expect(subscriber.received == expected, "each event carries its own batch's position, not the head's")
        #expect(feed.pendingCount == 0)
        #expect(done.withLock { $0 } == 4)

        // A separate connection: a writer command would wait on the holding gate.
        let reader = try Connection(configuration: store, readOnly: true)
        defer { reader.close() }
        let history = try RealtimeEventFeed.loadHistory(recordCount: 100, in: reader)
        #expect(history.head == position(3))
        #expect(history.firstLogSeq == 1)
        #expect(history.termStarts == [position(1)])
        #expect(history.batches.map(\.position) == [position(1), position(2), position(3)])
        #expect(history.batches.map { $0.events.count } == [1, 2, 1])
        let restarted = RealtimeHub(configuration: RealtimeConfiguration(),
                                    metrics: try RealtimeMetrics(registry: MetricsRegistry()))
        restarted.restore(history)
        guard case .replay(let replay, _) = restarted.resume(SeqRecorder(), topic: "auctions", fromSeq: expected[0]) else {
            Issue.record("expected a replay after the restart")
            return
        }
        #expect(replay.count == 3, "the restored numbering equals the live one")
    }
}
