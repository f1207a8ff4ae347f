import Foundation
import Game
import Telemetry
import Testing
import WebSocket
@testable import Realtime

/// Seqs as log positions: the same numbering after a restart (`restore`) and on a promoted standby, exact replays
/// when the window covers `fromSeq`, and `resync` when it does not or when `fromSeq` names a record this node lacks.
@Suite struct RealtimeHubLogTests {
    private func makeHub(window: Int = 256, maxTopics: Int = 100) throws -> RealtimeHub {
        var configuration = RealtimeConfiguration()
        configuration.windowEventCount = window
        configuration.maxTopics = maxTopics
        return RealtimeHub(configuration: configuration, metrics: try RealtimeMetrics(registry: MetricsRegistry()))
    }

    private func event(_ topic: String, _ type: String) -> DomainEvent {
        DomainEvent(topic: topic, type: type, dataJSON: Array(#"{"x":1}"#.utf8))
    }

    private func position(_ logSeq: Int64, term: Int64 = 1) -> RealtimeLogPosition {
        RealtimeLogPosition(logSeq: logSeq, term: term)
    }

    private func seq(_ logSeq: Int64, term: Int64 = 1, index: Int64 = 0) -> Int64 {
        RealtimeSeq.encode(position(logSeq, term: term), index: index)
    }

    /// A log of 6 records: the auction topic has events in records 2 (two), 4 and 6; record 5 has none on it.
    private var log: [RealtimeLogHistory.Batch] {
        [
            .init(position: position(1), events: [event("auctions", "auction_created")]),
            .init(position: position(2), events: [event("auction:1", "bid_placed"), event("auction:1", "bid_placed")]),
            .init(position: position(4), events: [event("auction:1", "bid_placed"), event("auctions", "auction_created")]),
            .init(position: position(5), events: [event("square:3", "square_updated")]),
            .init(position: position(6), events: [event("auction:1", "auction_settled")]),
        ]
    }

    private func seqs(_ outcome: RealtimeHub.ResumeOutcome) -> [Int64]? {
        guard case .replay(let messages, _) = outcome else { return nil }
        return messages.map { (RealtimeHubTests.decode($0)["seq"] as? NSNumber)?.int64Value ?? -1 }
    }

    @Test func numbersEventsByLogPositionAndIndexWithinTheBatch() throws {
        let hub = try makeHub()
        let subscriber = RecordingSubscriber(id: 1)
        _ = hub.subscribe(subscriber, to: ["auction:1"])
        for batch in log { hub.publish(batch.events, at: batch.position) }
        #expect(subscriber.events.map { Int64($0.seq) } == [seq(2), seq(2, index: 1), seq(4), seq(6)])
        #expect(hub.head == position(6))
        #expect(hub.subscribe(RecordingSubscriber(id: 2), to: ["square:9"]).map(\.latestSeq) == [seq(6)],
                "a topic without events gets the head's position")
    }

    @Test func afterARestartTheRestoredWindowReplaysExactlyWhatWasMissed() throws {
        let before = try makeHub()
        for batch in log.prefix(2) { before.publish(batch.events, at: batch.position) }
        let lastSeen = before.latestSeq(of: "auction:1")
        let quiet = before.subscribe(RecordingSubscriber(id: 1), to: ["square:3"])[0].latestSeq
        #expect(lastSeen == seq(2, index: 1))
        // The node restarts after records 4-6 committed; the new process loads the log.
        let after = try makeHub()
        after.restore(RealtimeLogHistory(head: position(7), firstLogSeq: 1, termStarts: [position(1)], batches: log))
        #expect(seqs(after.resume(RecordingSubscriber(id: 2), topic: "auction:1", fromSeq: lastSeen)) == [seq(4), seq(6)])
        #expect(seqs(after.resume(RecordingSubscriber(id: 3), topic: "square:3", fromSeq: quiet)) == [seq(5)])
        #expect(seqs(after.resume(RecordingSubscriber(id: 4), topic: "auction:1", fromSeq: seq(6))) == [],
                "a client that missed nothing needs no resync")
        #expect(seqs(after.resume(RecordingSubscriber(id: 5), topic: "region:1", fromSeq: seq(3))) == [])
        #expect(seqs(after.resume(RecordingSubscriber(id: 6), topic: "auction:1", fromSeq: 0)) == [seq(2), seq(2, index: 1), seq(4), seq(6)])
        // A late live publication of a restored record (held by the sync gate) is not numbered twice.
        after.publish([event("auction:1", "bid_placed")], at: position(6))
        #expect(after.latestSeq(of: "auction:1") == seq(7), "the subscription marker moved to the head")
        after.publish([event("auction:1", "bid_placed")], at: position(8))
        #expect(after.latestSeq(of: "auction:1") == seq(8))
    }

    @Test func aClientBehindTheRestoredRecordsOrTheOldNumberingResyncs() throws {
        let hub = try makeHub()
        hub.restore(RealtimeLogHistory(head: position(6), firstLogSeq: 4, termStarts: [position(1)],
                                       batches: Array(log.suffix(3))))
        #expect(hub.resume(RecordingSubscriber(id: 1), topic: "auction:1", fromSeq: seq(2, index: 1))
                == .resync(latestSeq: seq(6)))
        #expect(hub.resume(RecordingSubscriber(id: 2), topic: "auction:1", fromSeq: 2) == .resync(latestSeq: seq(6)),
                "a seq of the old per-process numbering (1, 2, 3...) is outside every window")
        #expect(hub.resume(RecordingSubscriber(id: 3), topic: "auction:1", fromSeq: 0) == .resync(latestSeq: seq(6)))
        #expect(hub.resume(RecordingSubscriber(id: 4), topic: "auction:1", fromSeq: seq(3)) == .resync(latestSeq: seq(6)),
                "record 3 is older than the records loaded")
        #expect(seqs(hub.resume(RecordingSubscriber(id: 6), topic: "auction:1", fromSeq: seq(4))) == [seq(6)])
        #expect(hub.resume(RecordingSubscriber(id: 5), topic: "auction:1", fromSeq: seq(9)) == .resync(latestSeq: seq(6)),
                "a position past this node's head")
    }

    @Test func aRecordLostInAFailoverIsNotMistakenForItsReplacement() throws {
        // The standby applied records 1-4 of term 1; the old primary had also sent record 5 (term 1) to a client,
        // then died. The promoted standby writes its own record 5 in term 2.
        let standby = try makeHub()
        for batch in log.prefix(3) { standby.publish(batch.events, at: batch.position) }
        let seenOnOldPrimary = seq(5, term: 1)
        #expect(standby.resume(RecordingSubscriber(id: 1), topic: "auction:1", fromSeq: seenOnOldPrimary)
                == .resync(latestSeq: seq(4)), "record 5 does not exist here yet")
        standby.publish([event("auction:1", "bid_placed")], at: position(5, term: 2))
        #expect(standby.resume(RecordingSubscriber(id: 2), topic: "auction:1", fromSeq: seenOnOldPrimary)
                == .resync(latestSeq: seq(5, term: 2)), "record 5 here is another record (term 2)")
        #expect(seqs(standby.resume(RecordingSubscriber(id: 3), topic: "auction:1", fromSeq: seq(4))) == [seq(5, term: 2)],
                "a client that saw only what both nodes share resumes exactly across the promotion")
    }

    @Test func skippedLogStretchesTellSubscribersToResync() throws {
        let hub = try makeHub()
        let subscriber = RecordingSubscriber(id: 1)
        _ = hub.subscribe(subscriber, to: ["auction:1"])
        for batch in log.prefix(2) { hub.publish(batch.events, at: batch.position) }
        hub.skip(to: position(50))
        let marker = seq(50, index: RealtimeSeq.maxIndex)
        #expect(hub.resume(RecordingSubscriber(id: 2), topic: "auction:1", fromSeq: seq(2, index: 1))
                == .resync(latestSeq: marker))
        #expect(hub.resume(RecordingSubscriber(id: 3), topic: "square:77", fromSeq: seq(10)) == .resync(latestSeq: marker))
        #expect(hub.resume(RecordingSubscriber(id: 4), topic: "auction:1", fromSeq: seq(50)) == .resync(latestSeq: marker),
                "record 50's own events were skipped too")
        #expect(seqs(hub.resume(RecordingSubscriber(id: 5), topic: "auction:1", fromSeq: marker)) == [])
        hub.publish([event("auction:1", "bid_placed")], at: position(51))
        #expect(subscriber.events.map { Int64($0.seq) } == [seq(2), seq(2, index: 1), seq(51)])
        #expect(subscriber.resyncs == ["auction:1"])
    }

    @Test func anEvictedTopicResumesOnlyWithAResync() throws {
        let hub = try makeHub(maxTopics: 8)
        hub.publish([event("square:1", "square_updated")], at: position(1))
        let lastSeen = hub.latestSeq(of: "square:1")
        for id in Int64(2)...40 { hub.publish([event("square:\(id)", "square_updated")], at: position(id)) }
        #expect(hub.latestSeq(of: "square:1") == 0, "evicted")
        #expect(hub.resume(RecordingSubscriber(id: 1), topic: "square:1", fromSeq: lastSeen) == .resync(latestSeq: seq(40)))
    }
}
