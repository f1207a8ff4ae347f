import Foundation
import Game
import Locking
import Net
import Telemetry
import Testing
import WebSocket
@testable import Realtime

/// A subscriber that keeps what it is handed, as decoded JSON objects.
final class RecordingSubscriber: RealtimeSubscriber {
    let subscriberID: UInt64
    let deliveryLoop: EventLoop? = nil
    private let received = Locked<[WebSocketOutboundMessage]>([])

    init(id: UInt64) {
        subscriberID = id
    }

    func deliver(_ message: WebSocketOutboundMessage) {
        received.withLock { $0.append(message) }
    }

    /// (topic, seq, event) of every event received.
    var events: [(topic: String, seq: Int, event: String)] {
        received.withLock { $0 }.compactMap { message in
            let json = RealtimeHubTests.decode(message)
            guard let topic = json["topic"] as? String, let seq = json["seq"] as? Int, let event = json["event"] as? String
            else { return nil }
            return (topic, seq, event)
        }
    }

    /// The topics of every `resync` received.
    var resyncs: [String] {
        received.withLock { $0 }.compactMap { message in
            let json = RealtimeHubTests.decode(message)
            return json["type"] as? String == "resync" ? json["topic"] as? String : nil
        }
    }
}

@Suite struct RealtimeHubTests {
    static func decode(_ message: WebSocketOutboundMessage) -> [String: Any] {
        let offset = (message.frameBytes[1] & 0x7F) == 126 ? 4 : 2
        let payload = message.frameBytes[offset...]
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:]
    }

    private func makeHub(window: Int = 256, maxTopics: Int = 100) throws -> (RealtimeHub, RealtimeMetrics) {
        var configuration = RealtimeConfiguration()
        configuration.windowEventCount = window
        configuration.maxTopics = maxTopics
        let metrics = try RealtimeMetrics(registry: MetricsRegistry())
        return (RealtimeHub(configuration: configuration, metrics: metrics), metrics)
    }

    private func event(_ topic: String, _ type: String = "changed") -> DomainEvent {
        DomainEvent(topic: topic, type: type, dataJSON: Array(#"{"x":1}"#.utf8))
    }

    @Test func assignsPerTopicSeqsInPublishOrder() throws {
        let (hub, metrics) = try makeHub()
        let subscriber = RecordingSubscriber(id: 1)
        #expect(hub.subscribe(subscriber, to: ["auction:1", "auctions"]).map(\.latestSeq) == [0, 0])
        hub.publish([event("auction:1", "bid_placed"), event("auctions"), event("auction:2")])
        hub.publish([event("auction:1", "bid_placed"), event("auction:1", "auction_settled")])
        let received = subscriber.events
        #expect(received.map(\.topic) == ["auction:1", "auctions", "auction:1", "auction:1"])
        #expect(received.filter { $0.topic == "auction:1" }.map(\.seq) == [1, 2, 3])
        #expect(received.last?.event == "auction_settled")
        #expect(hub.latestSeq(of: "auction:2") == 1, "unsubscribed topics still count seqs")
        #expect(metrics.eventsSent.value == 4)
        #expect(metrics.subscriptions.value == 2)
    }

    @Test func playerTopicsReachOnlyTheirSubscriberAsPlayerMe() throws {
        let (hub, _) = try makeHub()
        let owner = RecordingSubscriber(id: 1)
        let other = RecordingSubscriber(id: 2)
        _ = hub.subscribe(owner, to: [RealtimeTopic.player(7).key])
        _ = hub.subscribe(other, to: [RealtimeTopic.player(8).key])
        hub.publish([event("player:7"), event("ledger:1"), event("player:me")])
        #expect(owner.events.map(\.topic) == ["player:me"])
        #expect(other.events.isEmpty)
    }

    @Test func unsubscribeStopsDeliveryAndIsCounted() throws {
        let (hub, metrics) = try makeHub()
        let subscriber = RecordingSubscriber(id: 1)
        _ = hub.subscribe(subscriber, to: ["auctions"])
        _ = hub.subscribe(subscriber, to: ["auctions"])
        hub.publish([event("auctions")])
        hub.unsubscribe(subscriber, from: ["auctions", "square:5"])
        hub.publish([event("auctions")])
        #expect(subscriber.events.map(\.seq) == [1])
        #expect(metrics.subscriptions.value == 0)
    }

    @Test func resumeReplaysWithinTheWindowAndAsksForResyncOutside() throws {
        let (hub, _) = try makeHub(window: 4)
        for _ in 1...10 { hub.publish([event("auction:3")]) }
        let late = RecordingSubscriber(id: 1)
        guard case .replay(let messages, let latest) = hub.resume(late, topic: "auction:3", fromSeq: 7) else {
            Issue.record("expected a replay")
            return
        }
        #expect(messages.map { Self.decode($0)["seq"] as? Int } == [8, 9, 10])
        #expect(latest == 10)
        hub.publish([event("auction:3")])
        #expect(late.events.map(\.seq) == [11], "resume also subscribes")
        #expect(hub.resume(RecordingSubscriber(id: 2), topic: "auction:3", fromSeq: 2) == .resync(latestSeq: 11))
        #expect(hub.resume(RecordingSubscriber(id: 3), topic: "auction:3", fromSeq: -1) == .resync(latestSeq: 11))
        #expect(hub.resume(RecordingSubscriber(id: 4), topic: "auction:3", fromSeq: 11) == .replay([], latestSeq: 11))
    }

    @Test func evictsLeastRecentlyUsedIdleTopicsButNeverSubscribedOnes() throws {
        let (hub, _) = try makeHub(maxTopics: 16)
        let subscriber = RecordingSubscriber(id: 1)
        _ = hub.subscribe(subscriber, to: ["square:1"])
        for id in 2...200 { hub.publish([event("square:\(id)")]) }
        #expect(hub.topicCount <= 16)
        #expect(hub.latestSeq(of: "square:200") >= 1, "the newest topic is kept")
        #expect(hub.latestSeq(of: "square:2") == 0, "the oldest idle topic was evicted")
        hub.publish([event("square:1")])
        #expect(subscriber.events.map(\.seq) == [1], "the subscribed topic survived eviction")
    }

    @Test func keepsTheWindowsWithinTheirByteBudget() throws {
        var configuration = RealtimeConfiguration()
        configuration.maxTopics = 100_000
        configuration.maxWindowBytes = 4_096
        let hub = RealtimeHub(configuration: configuration, metrics: try RealtimeMetrics(registry: MetricsRegistry()))
        let subscriber = RecordingSubscriber(id: 1)
        _ = hub.subscribe(subscriber, to: ["square:1"])
        var largest = 0
        for round in 0..<20 {
            for id in 1...500 {
                hub.publish([event("square:\(id)", "changed\(round)")])
                largest = max(largest, hub.windowByteCount)
            }
        }
        #expect(largest <= 4_096, "the bound holds after every publication")
        #expect(hub.windowByteCount > 0)
        #expect(hub.topicCount < 500, "idle topics were evicted for bytes, not for their number")
        #expect(hub.latestSeq(of: "square:500") >= 1, "the newest topic is kept")
        #expect(subscriber.events.count == 20, "the subscribed topic survived every eviction")
    }

    @Test func encodesEachEventOnceForAllSubscribers() throws {
        let (hub, metrics) = try makeHub()
        let subscribers = (1...50).map { RecordingSubscriber(id: UInt64($0)) }
        for subscriber in subscribers { _ = hub.subscribe(subscriber, to: ["market:oil"]) }
        hub.publish([event("market:oil", "trade_executed")])
        #expect(subscribers.allSatisfy { $0.events.map(\.seq) == [1] })
        #expect(metrics.eventsSent.value == 50)
    }
}
