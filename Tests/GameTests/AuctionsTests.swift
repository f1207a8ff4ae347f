import Game
import Store
import Testing

@Suite struct AuctionsTests {
    @Test func openAuctionReleasesOutbidEscrowAndPaysTreasuryMinusFee() throws {
        let fixture = try AuctionFixture()
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob"))
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("open", squares: [square], increment: 10)
        try fixture.bid(auction, alice, 100)
        #expect(try fixture.holdings(alice) == (900, 100))
        #expect(try fixture.database.read { try SquareLocks.holder(of: square, in: $0) } == "auction:\(auction.id)")
        #expect(throws: AuctionError.bidTooLow(auctionID: auction.id, minimumAmount: 110)) { try fixture.bid(auction, bob, 105) }
        let outcome = try fixture.bid(auction, bob, 150)
        #expect(outcome.released.map(\.playerID) == [alice.id])
        #expect(try fixture.holdings(alice) == (1_000, 0))
        #expect(try fixture.holdings(bob) == (850, 150))
        fixture.now += 60_000
        guard case .settled(let settled, let events) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(settled.winnerID == bob.id && settled.finalPrice == 150 && settled.status == .completed)
        #expect(try fixture.holdings(bob) == (850, 0))
        #expect(try fixture.system(.treasury) == 143)
        #expect(try fixture.system(.fees) == 7)
        let land = try fixture.square(square)
        #expect(land.ownerID == bob.id)
        #expect(try fixture.database.read { try SquareLocks.holder(of: square, in: $0) } == nil)
        #expect(land.nextAuctionAt == nil)   // owned land is never put up by the game
        #expect(events.contains { $0.topic == "square:\(square)" && $0.type == "square_updated" })
        try fixture.database.expectSquareObjectsCurrent("settlement")
        #expect(try fixture.settle(auction) == .alreadyClosed(auction: try #require(try fixture.auction(auction.id))))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func blindAuctionReplacesBidsBreaksTiesByEarliestAndHidesAmountsInEvents() throws {
        let fixture = try AuctionFixture()
        let players = try ["alice", "bob", "carol"].map { try fixture.database.register($0) }
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square])
        let first = try fixture.bid(auction, players[0], 300)
        fixture.now += 1_000
        try fixture.bid(auction, players[0], 120)
        #expect(try fixture.holdings(players[0]) == (880, 120))
        try fixture.bid(auction, players[1], 200)
        fixture.now += 1_000
        try fixture.bid(auction, players[2], 200)
        for event in first.events where !event.topic.hasPrefix("player:") {
            #expect(!String(decoding: event.dataJSON, as: UTF8.self).contains("300"))
        }
        fixture.now += 60_000
        guard case .settled(let settled, _) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(settled.winnerID == players[1].id && settled.finalPrice == 200)
        #expect(try fixture.holdings(players[0]) == (1_000, 0))
        #expect(try fixture.holdings(players[1]) == (800, 0))
        #expect(try fixture.holdings(players[2]) == (1_000, 0))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func vickreyWinnerPaysTheSecondPriceAndGetsTheRestBack() throws {
        let fixture = try AuctionFixture()
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob"))
        let auction = try fixture.create("vickrey", squares: try fixture.openSquares(2), reserve: 50)
        try fixture.bid(auction, alice, 300)
        try fixture.bid(auction, bob, 200)
        fixture.now += 60_000
        guard case .settled(let settled, _) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(settled.winnerID == alice.id && settled.finalPrice == 200)
        #expect(try fixture.holdings(alice) == (800, 0))
        #expect(try fixture.holdings(bob) == (1_000, 0))
        for square in auction.landSquares { #expect(try fixture.square(square).ownerID == alice.id) }
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func reserveNotMetCompletesWithoutWinnerAndReleasesEverything() throws {
        let fixture = try AuctionFixture()
        let alice = try fixture.database.register("alice")
        let square = try fixture.openSquares(1)[0]
        let auction = try fixture.create("blind", squares: [square], reserve: 500)
        try fixture.bid(auction, alice, 499)
        fixture.now += 60_000
        guard case .settled(let settled, _) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(settled.status == .completed && settled.winnerID == nil && settled.finalPrice == nil)
        #expect(try fixture.holdings(alice) == (1_000, 0))
        #expect(try fixture.square(square).ownerID == nil)
        #expect(try fixture.square(square).nextAuctionAt == fixture.now + fixture.rules.unsoldRetryMilliseconds)
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func lateOpenBidsExtendTheEndUpToTheCap() throws {
        let fixture = try AuctionFixture()
        fixture.rules.antiSnipingWindowMilliseconds = 10_000
        fixture.rules.antiSnipingCapMilliseconds = 25_000
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob"))
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), seconds: 60)
        fixture.now += 55_000
        var outcome = try fixture.bid(auction, alice, 10)
        #expect(outcome.wasExtended && outcome.auction.endTime == auction.endTime + 10_000)
        var amount: Int64 = 10
        for round in 0..<5 {
            fixture.now = outcome.auction.endTime - 1_000
            amount += 5
            outcome = try fixture.bid(auction, round % 2 == 0 ? bob : alice, amount)
        }
        #expect(outcome.auction.endTime == auction.originalEndTime + 25_000)
        fixture.now = outcome.auction.endTime - 1
        #expect(try fixture.settle(auction) == .notDue(endTime: outcome.auction.endTime))
        fixture.now = outcome.auction.endTime
        #expect(throws: AuctionError.ended(auctionID: auction.id, endTime: outcome.auction.endTime)) {
            try fixture.bid(auction, alice, 1_000)
        }
    }

    @Test func refusalsLeaveNoTrace() throws {
        let fixture = try AuctionFixture()
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob"))
        let square = try fixture.openSquares(1)[0]
        let first = try fixture.create("open", squares: [square])
        try fixture.bid(first, alice, 10)
        fixture.now += 60_000
        _ = try fixture.settle(first)
        let resale = try fixture.create("blind", squares: [square], owner: alice)
        let transfersBefore = try fixture.database.count("transfers")
        #expect(throws: AuctionError.ownLand(auctionID: resale.id)) { try fixture.bid(resale, alice, 5) }
        #expect(throws: AuctionError.insufficientFunds(auctionID: resale.id)) { try fixture.bid(resale, bob, 1_001) }
        #expect(throws: AuctionError.auctionNotFound(auctionID: 999)) {
            try fixture.bid(resale.with(id: 999), bob, 5)
        }
        #expect(throws: AuctionError.squaresUnavailable(squareID: square, reason: "it is in an active auction")) {
            try fixture.create("open", squares: [square], owner: alice)
        }
        #expect(throws: AuctionError.unknownAuctionType(auctionType: "dutch")) { try fixture.create("dutch", squares: [1]) }
        #expect(throws: AuctionError.notOpen(auctionID: first.id, status: .completed)) { try fixture.bid(first, bob, 50) }
        #expect(try fixture.database.count("transfers") == transfersBefore)
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func closingAsFailedReleasesEveryBidAndTheAuditCatchesStrayEscrow() throws {
        let fixture = try AuctionFixture()
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob"))
        let auction = try fixture.create("blind", squares: try fixture.openSquares(1))
        try fixture.bid(auction, alice, 70)
        try fixture.bid(auction, bob, 80)
        let (rules, now) = (fixture.rules, fixture.now)
        let closed = try fixture.database.writer.performAndWait { transaction in
            try Auctions.close(auctionID: auction.id, as: .failed, reason: "test", rules: rules, now: now, in: transaction)
        }
        #expect(closed?.auction.status == .failed)
        #expect(try fixture.database.read { try SquareLocks.holder(of: auction.landSquares[0], in: $0) } == nil)
        #expect(try fixture.holdings(alice) == (1_000, 0) && fixture.holdings(bob) == (1_000, 0))
        #expect(try fixture.failedChecks().isEmpty)
        let connection = try Connection(configuration: fixture.database.configuration, readOnly: false)
        try connection.run("UPDATE auction_bids SET status = 'standing' WHERE player_id = ?", [alice.id])
        connection.close()
        let failed = try fixture.failedChecks()
        #expect(failed.contains { $0.hasPrefix("auctions: each player's auction escrow equals their standing bids") })
        #expect(failed.contains { $0.hasPrefix("auctions: standing bids only on active auctions") })
    }
}

extension Auction {
    func with(id: Int64) -> Auction {
        var copy = self
        copy.id = id
        return copy
    }
}
