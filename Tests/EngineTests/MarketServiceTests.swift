@testable import Engine
import ClockTesting
import Foundation
import Game
import Jobs
import Locking
import Store
import Testing
import TestSupport

/// `MarketService` and `MarketJobs` on a real database: events leave only after commit, the metrics follow the book,
/// and the `matchOrders` run expires stale orders and listings by the injected clock.
@Suite struct MarketServiceTests {
    @Test func placementPublishesEventsAndMovesTheMetrics() throws {
        let fixture = try EngineFixture(.marketMaker)
        let seller = try fixture.trader("seller")
        let buyer = try fixture.trader("buyer")
        let resting = try fixture.wait { fixture.market.placeOrder(
            OrderRequest(playerID: seller, resource: .wheat, side: .sell, price: 10, quantity: 10), completion: $0) }
        #expect(resting.order.status == .open)
        let metrics = try #require(fixture.market.metrics)
        #expect(metrics.bookOrders.labels("wheat", "sell").value == 1)
        let taken = try fixture.wait { fixture.market.placeOrder(
            OrderRequest(playerID: buyer, resource: .wheat, side: .buy, price: 10, quantity: 4), completion: $0) }
        #expect(taken.trades.map(\.sellOrderID) == [resting.order.id], "below the market maker's 12, the book wins")
        let published = fixture.events.all
        #expect(published.contains { $0.topic == "market:wheat" && $0.type == MarketEvents.tradeExecutedType })
        #expect(published.contains { $0.topic == "player:\(seller)" && $0.type == MarketEvents.orderUpdatedType })
        #expect(metrics.trades.labels("wheat").value == 1)
        #expect(metrics.bookUnits.labels("wheat", "sell").value == 6)
        let refused = Result { try fixture.wait { fixture.market.cancelOrder(orderID: resting.order.id, playerID: buyer,
                                                                              completion: $0) } }
        #expect(throws: MarketError.notOrderOwner(orderID: resting.order.id, playerID: buyer)) { try refused.get() }
        #expect(fixture.events.all.count == published.count, "a refused command publishes nothing")
    }

    @Test func matchOrdersJobExpiresStaleOrdersAndListings() throws {
        let fixture = try EngineFixture(.marketMaker)
        let seller = try fixture.trader("seller")
        let order = try fixture.wait { fixture.market.placeOrder(
            OrderRequest(playerID: seller, resource: .wheat, side: .sell, price: 99, quantity: 5), completion: $0) }
        let listing = try fixture.wait { fixture.market.createListing(squareID: 2, sellerID: seller,
                                                                      pricing: .fixed(price: 10), completion: $0) }
        var handlers = JobHandlers()
        MarketJobs.register(in: &handlers, market: fixture.market)
        #expect(handlers.kinds == [MarketJobs.matchOrders])
        #expect(MarketJobs.schedules.map(\.kind) == [MarketJobs.matchOrders])
        let market = fixture.market
        let early = try fixture.writer.performAndWait { transaction in try market.expireStale(in: transaction) }
        #expect(early.orders == 0 && early.listings == 0)
        fixture.clock.set(milliseconds: max(order.order.expiresAt, listing.expiresAt))
        let expired = try fixture.writer.performAndWait { transaction in try market.expireStale(in: transaction) }
        #expect(expired.orders == 1 && expired.listings == 1)
        let (holdings, square) = try fixture.writer.performAndWait { transaction in
            (try Ledger.holdings(playerID: seller, in: transaction), try World.square(id: 2, in: transaction))
        }
        #expect(holdings.available[.wheat] == 100 && holdings.escrow[.wheat] == 0)
        #expect(!square.isLocked && square.ownerID == seller)
        #expect(fixture.events.all.contains { $0.type == MarketEvents.orderClosedType })
    }
}
