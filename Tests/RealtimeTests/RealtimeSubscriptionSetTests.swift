import Testing
@testable import Realtime

@Suite struct RealtimeSubscriptionSetTests {
    @Test func addsWithoutDuplicatesAndBoundsTheTotal() throws {
        var set = RealtimeSubscriptionSet(limit: 3)
        #expect(try set.add(["auctions", "square:1", "auctions"], requesterID: 1) == [.auctions, .square(1)])
        #expect(try set.add(["square:1", "player:me"], requesterID: 1) == [.square(1), .player(1)])
        #expect(throws: RealtimeSubscriptionSet.Refusal.tooManyTopics(limit: 3, requested: 4)) {
            try set.add(["region:2"], requesterID: 1)
        }
        #expect(set.topics.count == 3)
    }

    @Test func oneBadTopicRefusesTheWholeRequest() {
        var set = RealtimeSubscriptionSet(limit: 10)
        #expect(throws: RealtimeSubscriptionSet.Refusal.topic(.forbidden(name: "player:2"))) {
            try set.add(["auctions", "player:2"], requesterID: 1)
        }
        #expect(set.topics.isEmpty)
        #expect(RealtimeSubscriptionSet.Refusal.topic(.invalidTopic(name: "x")).code == "invalid_topic")
    }

    @Test func removesAndForgetsEverything() throws {
        var set = RealtimeSubscriptionSet(limit: 10)
        _ = try set.add(["auctions", "square:1", "market:oil"], requesterID: 1)
        #expect(try set.remove(["square:1", "region:9"], requesterID: 1) == [.square(1), .region(9)])
        #expect(Set(set.removeAll()) == [.auctions, .market("oil")])
        #expect(set.topics.isEmpty)
    }
}
