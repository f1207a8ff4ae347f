import Foundation
import Game
import Store
import Testing
import TestSupport

/// Owner-initiated auctions: the owner puts their own square up; the game never auctions owned land.
@Suite struct OwnerAuctionsTests {
    /// A fixture whose `alice` owns one open square, plus bidders `bob` and `carol` (1,000 gold each).
    struct Scene {
        let fixture: AuctionFixture
        let alice: Player, bob: Player, carol: Player
        let square: Int64

        init() throws {
            fixture = try AuctionFixture()
            alice = try fixture.database.register("alice")
            bob = try fixture.database.register("bob")
            carol = try fixture.database.register("carol")
            square = try fixture.openSquares(1)[0]
            try fixture.database.giveSquare(square, to: alice.id)
        }

        /// The data of `type` events on `player:{id}`, decoded.
        func data(_ events: [DomainEvent], _ player: Player, _ type: String) throws -> [String: Any] {
            let event = try #require(events.first { $0.topic == "player:\(player.id)" && $0.type == type })
            return try #require(try JSONSerialization.jsonObject(with: Data(event.dataJSON)) as? [String: Any])
        }
    }

    @Test func ownerSaleMovesTheSquareAndPaysTheSellerMinusTheMarketplaceFee() throws {
        let world = try Scene()
        let fixture = world.fixture
        let auction = try fixture.create("blind", squares: [world.square], reserve: 100, owner: world.alice)
        #expect(auction.sellerID == world.alice.id && auction.origin == .owner)
        #expect(throws: AuctionError.ownLand(auctionID: auction.id)) { try fixture.bid(auction, world.alice, 500) }
        try fixture.bid(auction, world.bob, 437)
        try fixture.bid(auction, world.carol, 389)
        fixture.now += 60_000
        let feesBefore = try fixture.system(.fees)
        guard case .settled(let settled, let events) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        let fee = fixture.market.fee(on: 437)
        #expect(fee == 4)   // the marketplace's 1 %, not the auction's 5 %
        #expect(settled.winnerID == world.bob.id && settled.finalPrice == 437)
        #expect(try fixture.square(world.square).ownerID == world.bob.id)
        #expect(try fixture.square(world.square).nextAuctionAt == nil)
        #expect(try fixture.holdings(world.alice) == (1_000 + 437 - fee, 0))
        #expect(try fixture.holdings(world.bob) == (1_000 - 437, 0))
        #expect(try fixture.holdings(world.carol) == (1_000, 0))
        #expect(try fixture.system(.fees) - feesBefore == fee)
        let sold = try world.data(events, world.alice, "auction_sold")
        #expect(sold["price"] as? Int == 437 && sold["fee"] as? Int == Int(fee) && sold["proceeds"] as? Int == 437 - Int(fee))
        #expect(sold["buyerId"] as? Int == Int(world.bob.id))
        #expect(!String(decoding: try #require(events.first { $0.type == "auction_sold" }).dataJSON, as: UTF8.self)
            .contains("389"))
        #expect(try world.data(events, world.bob, "auction_won")["price"] as? Int == 437)
        #expect(try world.data(events, world.carol, "auction_lost")["amount"] as? Int == 389)
        for event in events where event.topic != "player:\(world.carol.id)" {
            #expect(!String(decoding: event.dataJSON, as: UTF8.self).contains("389"))
        }
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test(arguments: [false, true])
    func unsoldSquareStaysWithItsOwnerWhoIsTold(hasBid: Bool) throws {
        let world = try Scene()
        let fixture = world.fixture
        let auction = try fixture.create("blind", squares: [world.square], reserve: 500, owner: world.alice)
        if hasBid { try fixture.bid(auction, world.bob, 120) }
        fixture.now += 60_000
        guard case .settled(let settled, let events) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(settled.winnerID == nil && settled.status == .completed)
        let land = try fixture.square(world.square)
        #expect(land.ownerID == world.alice.id && land.nextAuctionAt == nil)
        #expect(try fixture.database.read { try SquareLocks.holder(of: world.square, in: $0) } == nil)
        #expect(try fixture.holdings(world.alice) == (1_000, 0))
        #expect(try fixture.holdings(world.bob) == (1_000, 0))
        let unsold = try world.data(events, world.alice, "auction_unsold")
        #expect(unsold["reason"] as? String == (hasBid ? "reserve_not_met" : "no_bids"))
        #expect(!String(decoding: try #require(events.first { $0.type == "auction_unsold" }).dataJSON, as: UTF8.self)
            .contains("120"))
        if hasBid { #expect(try world.data(events, world.bob, "auction_lost")["amount"] as? Int == 120) }
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func onlyTheOwnerMayAuctionAndGameAuctionsRefuseOwnedLand() throws {
        let world = try Scene()
        let fixture = world.fixture
        let transfers = try fixture.database.count("transfers")
        #expect(throws: AuctionError.notSquareOwner(squareID: world.square, playerID: world.bob.id)) {
            try fixture.create("open", squares: [world.square], owner: world.bob)
        }
        let unowned = try fixture.openSquares(2)[1]
        #expect(throws: AuctionError.notSquareOwner(squareID: unowned, playerID: world.bob.id)) {
            try fixture.create("open", squares: [unowned], owner: world.bob)
        }
        #expect(throws: AuctionError.squaresUnavailable(squareID: world.square,
                                                        reason: "it is owned; only its owner can auction it")) {
            try fixture.create("open", squares: [world.square])
        }
        #expect(throws: GameError.squareNotFound(squareID: 9_999_999)) {
            try fixture.create("open", squares: [9_999_999], owner: world.alice)
        }
        #expect(try fixture.database.count("auctions") == 0 && fixture.database.count("transfers") == transfers)
    }

    @Test func oneSaleAtATimeAuctionAgainstAuctionAndListing() throws {
        let world = try Scene()
        let fixture = world.fixture
        let market = fixture.market
        let now = fixture.now
        let auction = try fixture.create("open", squares: [world.square], owner: world.alice)
        #expect(throws: AuctionError.squaresUnavailable(squareID: world.square, reason: "it is in an active auction")) {
            try fixture.create("blind", squares: [world.square], owner: world.alice)
        }
        let (square, alice) = (world.square, world.alice)
        #expect(throws: MarketError.squareLocked(squareID: square)) {
            try fixture.database.writer.performAndWait { transaction in
                _ = try Listings.create(squareID: square, sellerID: alice.id, pricing: .fixed(price: 50),
                                        configuration: market, now: now, in: transaction)
            }
        }
        #expect(throws: ResourceRuleError.squareLocked(squareID: square, holder: "auction:\(auction.id)")) {
            try fixture.database.writer.performAndWait { transaction in
                try SquareLocks.requireFree(try World.square(id: square, in: transaction), in: transaction)
            }
        }
        fixture.now += 60_000
        _ = try fixture.settle(auction)
        _ = try fixture.database.writer.performAndWait { transaction in
            try Listings.create(squareID: square, sellerID: alice.id, pricing: .fixed(price: 50), configuration: market,
                                now: now, in: transaction)
        }
        #expect(throws: AuctionError.squaresUnavailable(squareID: square, reason: "it is listed on the marketplace")) {
            try fixture.create("blind", squares: [square], owner: alice)
        }
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func aGameAuctionOfOwnedLandLeftFromBeforeTheRuleIsCancelledAtSettlement() throws {
        let world = try Scene()
        let fixture = world.fixture
        let auction = try fixture.create("blind", squares: [world.square], owner: world.alice)
        try fixture.bid(auction, world.bob, 40)
        // What the scheduler did before migration 0014: a game auction selling a player's land.
        try fixture.database.writer.performAndWait { transaction in
            try transaction.run("UPDATE auctions SET origin = 'system' WHERE id = ?", [auction.id])
        }
        fixture.now += 60_000
        guard case .settled(let closed, let events) = try fixture.settle(auction) else {
            Issue.record("not settled")
            return
        }
        #expect(closed.status == .cancelled && closed.winnerID == nil)
        #expect(try fixture.square(world.square).ownerID == world.alice.id)
        #expect(try fixture.holdings(world.bob) == (1_000, 0))
        #expect(try world.data(events, world.bob, "bid_released")["amount"] as? Int == 40)
        #expect(try world.data(events, world.alice, "auction_closed")["status"] as? String == "cancelled")
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func theGameSchedulesUnownedLandOnly() throws {
        let world = try Scene()
        let fixture = world.fixture
        let due = fixture.now + 365 * 86_400_000
        let squares = try fixture.database.read { try Auctions.dueSquares(now: due, limit: 100_000, in: $0) }
        #expect(!squares.isEmpty)
        #expect(!squares.contains(world.square))
        #expect(try fixture.square(world.square).nextAuctionAt == nil)   // cleared when it got an owner
        #expect(try fixture.failedChecks().isEmpty)
    }
}

/// Migration 0014 on data written before it: owned squares lose their next auction date; later changes keep it so.
@Suite struct OwnerAuctionsMigrationTests {
    @Test func migrationClearsOwnedSquaresDatesAndTheTriggersKeepThemCleared() throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-0014")
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        let all = try TestMigrations.all()
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        _ = try Migrator.apply(all.filter { $0.version < 14 }, to: connection)
        // This release's world generator stores each square's object (migration 0018): give the old schema the column
        // for the generation, then take it away again, so the rows are what the old schema holds.
        try connection.execute("ALTER TABLE land_squares ADD COLUMN square_json TEXT")
        let writer = try Writer(configuration: configuration)
        let now = GameDatabase.epoch
        let owner = try writer.performAndWait { transaction in
            _ = try GameSetup.prepare(options: GameSetupOptions(seed: 1, isDemo: true), now: now, in: transaction)
            let owner = try Players.register(username: "owner", passwordHash: "x", role: .player, startingGold: 10,
                                             now: now, in: transaction)
            try transaction.run(
                """
                UPDATE land_squares SET owner_id = ? WHERE id IN
                    (SELECT id FROM land_squares WHERE next_auction_at IS NOT NULL ORDER BY id LIMIT 2)
                """, [owner.id])
            return owner
        }
        writer.shutdown()
        try connection.execute("ALTER TABLE land_squares DROP COLUMN square_json")
        func datedOwnedSquares() throws -> Int64 {
            try connection.queryOne(
                "SELECT count(*) AS n FROM land_squares WHERE owner_id IS NOT NULL AND next_auction_at IS NOT NULL")?
                .int64("n") ?? -1
        }
        #expect(try datedOwnedSquares() == 2)
        #expect(try Migrator.apply(all, to: connection).map(\.version) == all.filter { $0.version >= 14 }.map(\.version))
        #expect(try datedOwnedSquares() == 0)
        #expect(try connection.queryOne("SELECT count(*) AS n FROM land_squares WHERE next_auction_at IS NOT NULL")?
            .int64("n") ?? 0 > 0, "unowned land keeps its dates")
        try connection.run("UPDATE land_squares SET owner_id = ?, next_auction_at = 5 WHERE id = 3", [owner.id])
        #expect(try datedOwnedSquares() == 0)
        #expect(try LedgerAudit.run(in: connection).filter { !$0.passed }.isEmpty)
    }
}
