import Engine
import Foundation
import Game
import Testing

/// Every change to a player's holdings reaches that player's `player:{id}` topic with their holdings after
/// the change (added by `EventBus.publish(_:after:)`), and no one else's secrets.
@Suite struct PlayerEventsTests {
    /// The data of the last `type` event on `player:{playerID}` among `events`.
    static func data(_ events: [DomainEvent], player playerID: Int64, type: String) throws -> [String: Any] {
        let event = try #require(events.last { $0.topic == "player:\(playerID)" && $0.type == type },
                                 "no \(type) for player \(playerID)")
        return try #require(try JSONSerialization.jsonObject(with: Data(event.dataJSON)) as? [String: Any])
    }

    /// `holdings.balances[asset]` and `holdings.escrow[asset]` of an event's data.
    static func holdings(_ data: [String: Any], _ asset: String = "gold") throws -> (available: Int, escrow: Int) {
        let holdings = try #require(data["holdings"] as? [String: Any])
        let balances = try #require(holdings["balances"] as? [String: Int])
        let escrow = try #require(holdings["escrow"] as? [String: Int])
        #expect(Set(balances.keys) == ["gold", "oil", "ore", "wheat"] && Set(escrow.keys) == Set(balances.keys))
        return (try #require(balances[asset]), try #require(escrow[asset]))
    }

    @Test func bidderAndOutbidPlayerSeeTheirGoldAndNoOneSeesABlindAmount() throws {
        let fixture = try EngineFixture()
        let (alice, bob, carol) = (try fixture.register("alice"), try fixture.register("bob"), try fixture.register("carol"))
        let squares = try fixture.openSquares(2)
        let open = try fixture.create("open", squares: [squares[0]], seconds: 600)
        try fixture.bid(open.id, alice, 100)
        try fixture.bid(open.id, bob, 150)
        var events = fixture.events.withLock { $0 }
        let outbid = try Self.data(events, player: alice.id, type: "bid_outbid")
        #expect(try Self.holdings(outbid) == (1_000, 0))
        #expect(try Self.holdings(try Self.data(events, player: bob.id, type: "bid_accepted")) == (850, 150))
        let blind = try fixture.create("blind", squares: [squares[1]], seconds: 60)
        try fixture.bid(blind.id, carol, 437)
        try fixture.bid(blind.id, alice, 389)
        events = fixture.events.withLock { $0 }
        #expect(try Self.holdings(try Self.data(events, player: carol.id, type: "bid_accepted")) == (563, 437))
        for event in events where event.topic != "player:\(carol.id)" {
            #expect(!String(decoding: event.dataJSON, as: UTF8.self).contains("437"), "\(event.topic) \(event.type)")
        }
        fixture.clock.advance(by: .seconds(60))
        #expect(try fixture.runner.runDueJobs() == 1)
        events = fixture.events.withLock { $0 }
        let won = try Self.data(events, player: carol.id, type: "auction_won")
        #expect(won["price"] as? Int == 437)
        #expect(try Self.holdings(won) == (563, 0))
        let lost = try Self.data(events, player: alice.id, type: "auction_lost")
        #expect(lost["amount"] as? Int == 389)
        #expect(try Self.holdings(lost) == (1_000, 0))   // outbid on the open one earlier
        for event in events where event.topic != "player:\(alice.id)" {
            #expect(!String(decoding: event.dataJSON, as: UTF8.self).contains("389"), "\(event.topic) \(event.type)")
        }
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func ownerAuctionSellerWinnerAndLoserAreEachTold() throws {
        let fixture = try EngineFixture()
        let (alice, bob, carol) = (try fixture.register("alice"), try fixture.register("bob"), try fixture.register("carol"))
        let square = try fixture.openSquares(1)[0]
        try fixture.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = ?", [alice.id, square])
        }
        let now = fixture.clock.now.rawValue
        let auction = try fixture.wait { completion in
            fixture.auctions.createAuction(NewAuction(auctionType: "vickrey", landSquares: [square], startTime: now,
                                                    endTime: now + 30_000, reservePrice: 50, ownerID: alice.id),
                                         completion: completion)
        }
        try fixture.bid(auction.id, bob, 300)
        try fixture.bid(auction.id, carol, 200)
        fixture.clock.advance(by: .seconds(30))
        #expect(try fixture.runner.runDueJobs() == 1)
        let events = fixture.events.withLock { $0 }
        let fee = Int(MarketConfiguration().fee(on: 200))
        let sold = try Self.data(events, player: alice.id, type: "auction_sold")
        #expect(sold["price"] as? Int == 200 && sold["proceeds"] as? Int == 200 - fee)
        #expect(try Self.holdings(sold) == (1_000 + 200 - fee, 0))
        #expect(try Self.holdings(try Self.data(events, player: bob.id, type: "auction_won")) == (800, 0))
        #expect(try Self.holdings(try Self.data(events, player: carol.id, type: "auction_lost")) == (1_000, 0))
        #expect(try fixture.read { try World.square(id: square, in: $0) }.ownerID == bob.id)
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func listingSellerAndBuyerAndOrderOwnersAreTold() throws {
        let fixture = try EngineFixture(.marketMaker)
        let seller = try fixture.trader("seller")
        let buyer = try fixture.trader("buyer")
        try fixture.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = 2", [seller])
        }
        let listing = try fixture.wait { fixture.market.createListing(squareID: 2, sellerID: seller,
                                                                      pricing: .fixed(price: 800), completion: $0) }
        _ = try fixture.wait { fixture.market.buyListing(listingID: listing.id, buyerID: buyer, completion: $0) }
        var events = fixture.events.all
        let fee = Int(fixture.market.configuration.fee(on: 800))
        let sold = try Self.data(events, player: seller, type: MarketEvents.listingSoldType)
        #expect(sold["proceeds"] as? Int == 800 - fee)
        #expect(try Self.holdings(sold) == (10_000 + 800 - fee, 0))
        #expect(try Self.holdings(try Self.data(events, player: buyer, type: MarketEvents.listingBoughtType)) == (9_200, 0))

        let resting = try fixture.wait { fixture.market.placeOrder(
            OrderRequest(playerID: seller, resource: .wheat, side: .sell, price: 10, quantity: 10), completion: $0) }
        _ = try fixture.wait { fixture.market.placeOrder(
            OrderRequest(playerID: buyer, resource: .wheat, side: .buy, price: 10, quantity: 4), completion: $0) }
        events = fixture.events.all
        let partly = try Self.data(events, player: seller, type: MarketEvents.orderUpdatedType)
        #expect(partly["orderId"] as? Int == Int(resting.order.id) && partly["remaining"] as? Int == 6)
        #expect(try Self.holdings(partly, "wheat") == (90, 6))
        let filled = try Self.data(events, player: buyer, type: MarketEvents.orderUpdatedType)
        #expect(filled["status"] as? String == "filled")
        #expect(try Self.holdings(filled, "wheat") == (104, 0))

        _ = try fixture.wait { fixture.market.cancelOrder(orderID: resting.order.id, playerID: seller, completion: $0) }
        let cancelled = try Self.data(fixture.events.all, player: seller, type: MarketEvents.orderUpdatedType)
        #expect(cancelled["status"] as? String == "cancelled")
        #expect(try Self.holdings(cancelled, "wheat") == (96, 0))

        let second = try fixture.wait { fixture.market.createListing(squareID: 2, sellerID: buyer,
                                                                     pricing: .fixed(price: 50), completion: $0) }
        _ = try fixture.wait { fixture.market.cancelListing(listingID: second.id, playerID: buyer, completion: $0) }
        let closed = try Self.data(fixture.events.all, player: buyer, type: MarketEvents.listingClosedType)
        #expect(closed["status"] as? String == "cancelled" && closed["listingId"] as? Int == Int(second.id))
    }
}
