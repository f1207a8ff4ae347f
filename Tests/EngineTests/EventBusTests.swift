import Engine
import Game
import Locking
import Testing

@Suite struct EventBusTests {
    @Test func listenersReceiveEveryPublicationInOrder() throws {
        let bus = EventBus()
        let received = Locked<[String]>([])
        bus.subscribe { events in received.withLock { $0 += events.map(\.type) } }
        bus.publish([try DomainEvent(topic: "auctions", type: "auction_opened", data: ["id": 1])])
        bus.publish([])
        bus.publish([DomainEvent(topic: "square:3", type: "square_updated", dataJSON: Array("{}".utf8))])
        #expect(received.withLock { $0 } == ["auction_opened", "square_updated"])
    }

    @Test func eventDataIsDeterministicJSON() throws {
        let event = try DomainEvent(topic: "auction:9", type: "bid_placed", data: ["b": 2, "a": 1])
        #expect(String(decoding: event.dataJSON, as: UTF8.self) == #"{"a":1,"b":2}"#)
    }
}
