import Engine
import Foundation
import Game
import Jobs
import Store
import Testing

@Suite struct AuctionJobsTests {
    @Test func settlementJobRunsAtEndTimeExactlyOnceAndPublishesAfterCommit() throws {
        let fixture = try EngineFixture()
        let (alice, bob) = (try fixture.register("alice"), try fixture.register("bob"))
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square], seconds: 30)
        try fixture.bid(auction.id, alice, 40)
        try fixture.bid(auction.id, bob, 60)
        #expect(try fixture.runner.runDueJobs() == 0)
        fixture.clock.advance(by: .seconds(30))
        #expect(try fixture.runner.runDueJobs() == 1)
        let settled = try #require(try fixture.auction(auction.id))
        #expect(settled.status == .completed && settled.winnerID == bob.id && settled.finalPrice == 60)
        #expect(try fixture.jobs(kind: AuctionService.settleKind).map(\.state) == [.done])
        #expect(try fixture.runner.runDueJobs() == 0)
        let types = fixture.events.withLock { $0.map(\.type) }
        #expect(types.contains("auction_created") && types.contains("auction_settled") && types.contains("square_updated"))
        let publicData = fixture.events.withLock { events in
            events.filter { !$0.topic.hasPrefix("player:") && $0.type == "bid_placed" }
                .map { String(decoding: $0.dataJSON, as: UTF8.self) }
        }
        #expect(publicData.count == 2)
        #expect(publicData.allSatisfy { !$0.contains("40") && !$0.contains("60") && !$0.contains("highBid") })
        #expect(try fixture.failedChecks().isEmpty)
        let logs = fixture.logSink.records.map { "\($0)" }.joined(separator: "\n")
        #expect(logs.contains("auction settled"))
    }

    @Test func extendedOpenAuctionIsSettledByAFollowUpJobAtTheNewEnd() throws {
        let fixture = try EngineFixture()
        let alice = try fixture.register("alice")
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), seconds: 120)
        fixture.clock.advance(by: .seconds(100))
        let outcome = try fixture.bid(auction.id, alice, 25)
        #expect(outcome.wasExtended && outcome.auction.endTime == auction.endTime + 60_000)
        fixture.clock.set(milliseconds: auction.endTime)
        #expect(try fixture.runner.runDueJobs() == 1)
        #expect(try fixture.auction(auction.id)?.status == .inProgress)
        fixture.clock.set(milliseconds: outcome.auction.endTime)
        #expect(try fixture.runner.runDueJobs() == 1)
        #expect(try fixture.auction(auction.id)?.winnerID == alice.id)
        #expect(try fixture.jobs(kind: AuctionService.settleKind).map(\.state) == [.done, .done])
    }

    @Test func failingSettlementRetriesThenMarksTheAuctionFailedAndReleasesEscrow() throws {
        let fixture = try EngineFixture(auctions: { $0.settlementMaxAttempts = 2 })
        let (alice, bob) = (try fixture.register("alice"), try fixture.register("bob"))
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square], seconds: 10)
        try fixture.bid(auction.id, alice, 30)
        try fixture.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = ?", [bob.id, square])
        }
        fixture.clock.advance(by: .seconds(10))
        #expect(try fixture.runner.runDueJobs() == 1)
        let firstTry = try #require(try fixture.jobs(kind: AuctionService.settleKind).first)
        #expect(firstTry.state == .failed)
        #expect(firstTry.lastError?.contains("changed owner") == true)
        #expect(firstTry.lastError?.contains("30") == false)
        #expect(try fixture.escrow(alice) == 30)
        fixture.clock.advance(by: .seconds(2))
        #expect(try fixture.runner.runDueJobs() == 1)
        let failed = try #require(try fixture.auction(auction.id))
        #expect(failed.status == .failed && failed.winnerID == nil)
        #expect(try fixture.escrow(alice) == 0)
        #expect(try fixture.jobs(kind: AuctionService.settleKind).map(\.state) == [.done])
        let exposition = fixture.registry.exposition()
        #expect(exposition.contains("worldgame_auction_settlement_failures_total 2"))
        #expect(exposition.contains(#"worldgame_auctions{status="in-progress"} 0"#))
        #expect(exposition.contains(#"worldgame_auctions_closed_total{outcome="failed"} 1"#))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func dailyCheckCreatesAuctionsForDueSquaresAndRequeuesOverdueSettlements() throws {
        let fixture = try EngineFixture(auctions: { $0.maxAuctionsPerCheck = 50 })
        fixture.clock.advance(by: .seconds(2 * 3600))
        try fixture.auctions.queue.enqueue(NewJob(kind: SeedSchedules.checkAndQueueAuctions))
        #expect(try fixture.runner.runDueJobs() == 1)
        let due = try fixture.read { connection in
            try connection.queryOne("SELECT count(*) AS n FROM land_squares WHERE next_auction_at <= ?",
                                    [fixture.clock.now.rawValue])?.int64("n") ?? 0
        }
        let created = try fixture.read { try Auctions.list(open: true, limit: 1_000, in: $0) }
        #expect(created.count == min(Int(due), 50) && !created.isEmpty)
        #expect(created.allSatisfy { $0.auctionType == "blind" && $0.landSquares.count == 1 })
        #expect(try fixture.jobs(kind: AuctionService.settleKind).count == created.count)
        try fixture.writer.performAndWait { transaction in
            try transaction.run("UPDATE jobs SET state = 'dead', finished_at = 0 WHERE kind = ?", [AuctionService.settleKind])
        }
        fixture.clock.advance(by: .seconds(7200))
        try fixture.auctions.queue.enqueue(NewJob(kind: SeedSchedules.checkAndQueueAuctions))
        _ = try fixture.runner.runDueJobs(limit: 1)
        let now = fixture.clock.now.rawValue
        #expect(try fixture.jobs(kind: AuctionService.settleKind).filter { $0.state == .pending && $0.runAt <= now }.count
            == created.count)
        while try fixture.runner.runDueJobs() > 0 {}
        #expect(try fixture.read { try Auctions.list(open: false, limit: 1_000, in: $0) }.count == created.count)
        #expect(try fixture.failedChecks().isEmpty)
    }
}
