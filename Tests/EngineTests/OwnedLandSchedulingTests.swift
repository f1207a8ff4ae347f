import Engine
import Foundation
import Game
import Jobs
import Store
import Testing

/// The daily `checkAndQueueAuctions` distributes unowned land only; owned land stays its owner's.
@Suite struct OwnedLandSchedulingTests {
    @Test func dailyCheckSkipsOwnedSquaresEvenWithAStaleNextAuctionDate() throws {
        let fixture = try EngineFixture(auctions: { $0.maxAuctionsPerCheck = 10_000 })
        let alice = try fixture.register("alice")
        let owned = try fixture.openSquares(3)
        let due = fixture.clock.now.rawValue + 1
        try fixture.writer.performAndWait { transaction in
            // A database as it was before migration 0014: owned squares still carrying a next auction date.
            try transaction.run("DROP TRIGGER land_squares_owned_unscheduled_update")
            for square in owned {
                try transaction.run("UPDATE land_squares SET owner_id = ?, next_auction_at = ? WHERE id = ?",
                                    [alice.id, due, square])
            }
        }
        fixture.clock.advance(by: .seconds(30 * 86_400))
        try fixture.auctions.queue.enqueue(NewJob(kind: SeedSchedules.checkAndQueueAuctions))
        #expect(try fixture.runner.runDueJobs() == 1)
        let created = try fixture.read { try Auctions.list(open: true, limit: 100_000, in: $0) }
        let unownedDue = try fixture.read { connection in
            try connection.queryOne(
                "SELECT count(*) AS n FROM land_squares WHERE owner_id IS NULL AND is_locked = 0 AND next_auction_at <= ?",
                [fixture.clock.now.rawValue])?.int64("n") ?? -1
        }
        #expect(!created.isEmpty && created.count == Int(unownedDue))
        #expect(created.allSatisfy { $0.sellerID == nil && $0.origin == .system })
        #expect(Set(created.flatMap(\.landSquares)).isDisjoint(with: owned))
        // `verify` names the stale dates this test planted (the migration clears them on a real node).
        #expect(try fixture.failedChecks().contains { $0.hasPrefix("auctions: owned land is auctioned only by its owner") })
    }

    @Test func landWonAtAuctionIsNeverPutUpAgainByTheGame() throws {
        let fixture = try EngineFixture()
        let bob = try fixture.register("bob")
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square], seconds: 60)
        try fixture.bid(auction.id, bob, 40)
        fixture.clock.advance(by: .seconds(60))
        #expect(try fixture.runner.runDueJobs() == 1)
        #expect(try fixture.read { try World.square(id: square, in: $0) }.ownerID == bob.id)
        #expect(try fixture.read { try World.square(id: square, in: $0) }.nextAuctionAt == nil)
        let updated = fixture.events.withLock { events in
            events.first { $0.topic == "square:\(square)" && $0.type == "square_updated" }
        }
        #expect(updated.map { String(decoding: $0.dataJSON, as: UTF8.self).contains(#""nextAuctionAt":null"#) } == true)
        for _ in 0..<3 {
            fixture.clock.advance(by: .seconds(10 * 86_400))
            try fixture.auctions.queue.enqueue(NewJob(kind: SeedSchedules.checkAndQueueAuctions))
            while try fixture.runner.runDueJobs() > 0 {}
        }
        let auctionsOfSquare = try fixture.read { connection in
            try connection.queryOne("SELECT count(*) AS n FROM auction_squares WHERE square_id = ?", [square])?.int64("n")
        }
        #expect(auctionsOfSquare == 1)
        #expect(try fixture.read { try World.square(id: square, in: $0) }.ownerID == bob.id)
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func aGameAuctionOfOwnedLandStillRunningIsCancelledByItsSettlementJob() throws {
        let fixture = try EngineFixture()
        let (alice, bob) = (try fixture.register("alice"), try fixture.register("bob"))
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square], seconds: 30)
        try fixture.bid(auction.id, bob, 25)
        // What the scheduler did before migration 0014: the square had an owner and the game auctioned it anyway.
        try fixture.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = ?", [alice.id, square])
            try transaction.run("UPDATE auctions SET seller_id = ? WHERE id = ?", [alice.id, auction.id])
        }
        fixture.clock.advance(by: .seconds(30))
        #expect(try fixture.runner.runDueJobs() == 1)
        let closed = try #require(try fixture.auction(auction.id))
        #expect(closed.status == .cancelled && closed.winnerID == nil)
        #expect(try fixture.read { try World.square(id: square, in: $0) }.ownerID == alice.id)
        #expect(try fixture.escrow(bob) == 0)
        let told = fixture.events.withLock { events in
            (events.contains { $0.topic == "player:\(bob.id)" && $0.type == "bid_released" },
             events.contains { $0.topic == "player:\(alice.id)" && $0.type == "auction_closed" })
        }
        #expect(told.0 && told.1)
        #expect(fixture.registry.exposition().contains(#"worldgame_auctions_closed_total{outcome="cancelled"} 1"#))
        #expect(try fixture.failedChecks().isEmpty)
    }
}
