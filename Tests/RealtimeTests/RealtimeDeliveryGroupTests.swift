import Foundation
import Game
import Locking
import Net
import Telemetry
import Testing
import WebSocket
@testable import Realtime

/// A subscriber owned by an event loop: records each delivery and whether it ran on that loop's thread.
final class LoopSubscriber: RealtimeSubscriber {
    let subscriberID: UInt64
    let loop: EventLoop
    private let deliveries = Locked<[(frameBytes: Int, onLoop: Bool)]>([])

    init(id: UInt64, loop: EventLoop) {
        subscriberID = id
        self.loop = loop
    }

    var deliveryLoop: EventLoop? { loop }

    func deliver(_ message: WebSocketOutboundMessage) {
        let onLoop = loop.inEventLoop
        deliveries.withLock { $0.append((message.frameBytes.count, onLoop)) }
    }

    var count: Int { deliveries.withLock { $0.count } }
    var allOnLoop: Bool { deliveries.withLock { $0.allSatisfy(\.onLoop) } }
}

/// The hub's per-loop hand-over: subscribers grouped by their loop (cached until the subscriptions change), each
/// loop's deliveries run on that loop, loop-less subscribers are called directly.
@Suite struct RealtimeDeliveryGroupTests {
    @Test func groupsByLoopInIndexOrderWithLoopLessSubscribersLast() throws {
        let group = try EventLoopGroup(loopCount: 2, threadNamePrefix: "rt-group")
        defer { group.shutdown() }
        let subscribers: [any RealtimeSubscriber] = [
            LoopSubscriber(id: 1, loop: group.loops[1]), RecordingSubscriber(id: 2),
            LoopSubscriber(id: 3, loop: group.loops[0]), LoopSubscriber(id: 4, loop: group.loops[1]),
        ]
        let groups = RealtimeDeliveryGroup.grouping(subscribers)
        #expect(groups.map { $0.loop?.index } == [0, 1, nil])
        #expect(groups.map { $0.subscribers.map(\.subscriberID).sorted() } == [[3], [1, 4], [2]])
    }

    @Test func eachLoopDeliversOnItsOwnThreadAndNewSubscribersJoinTheNextPublication() throws {
        let group = try EventLoopGroup(loopCount: 2, threadNamePrefix: "rt-group")
        defer { group.shutdown() }
        let metrics = try RealtimeMetrics(registry: MetricsRegistry())
        let hub = RealtimeHub(configuration: RealtimeConfiguration(), metrics: metrics)
        let onLoops = (1...6).map { LoopSubscriber(id: UInt64($0), loop: group.loops[$0 % 2]) }
        let direct = RecordingSubscriber(id: 100)
        for subscriber in onLoops { _ = hub.subscribe(subscriber, to: ["auctions"]) }
        _ = hub.subscribe(direct, to: ["auctions"])
        let data = Array(#"{"x":1}"#.utf8)
        hub.publish([DomainEvent(topic: "auctions", type: "changed", dataJSON: data)])
        hub.publish([DomainEvent(topic: "auctions", type: "changed", dataJSON: data)])
        let late = LoopSubscriber(id: 7, loop: group.loops[0])
        _ = hub.subscribe(late, to: ["auctions"])
        hub.publish([DomainEvent(topic: "auctions", type: "changed", dataJSON: data)])
        #expect(eventually { onLoops.allSatisfy { $0.count == 3 } && late.count == 1 })
        #expect(onLoops.allSatisfy(\.allOnLoop) && late.allOnLoop)
        #expect(direct.events.map(\.seq) == [1, 2, 3])
        #expect(metrics.eventsSent.value == 7 + 7 + 8)
    }
}
