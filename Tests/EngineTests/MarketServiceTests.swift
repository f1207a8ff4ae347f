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
    /// Collects what the bus publishes; any thread.
    final class EventRecorder: Sendable {
        private let events = Locked<[DomainEvent]>([])

        func record(_ published: [DomainEvent]) { events.withLock { $0 += published } }

        var all: [DomainEvent] { events.withLock { $0 } }
    }

    static let epoch: Int64 = 1_717_200_000_000

    /// A migrated demo world with a prepared `MarketService`, a manual clock, and a recorder on the bus.
    final class Fixture {
        let directory: TemporaryDirectory
        let writer: Writer
        let clock = ManualClock(milliseconds: MarketServiceTests.epoch)
        let bus = EventBus()
        let market: MarketService
        let events = EventRecorder()

        init() throws {
            directory = try TemporaryDirectory(prefix: "worldgame-engine")
            let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
            try TestMigrations.apply(to: configuration)
            writer = try Writer(configuration: configuration)
            _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
            market = try MarketService(writer: writer, clock: clock, bus: bus, registry: .some(.init()))
            try market.prepare()
            let events = events
            bus.subscribe { published in events.record(published) }
        }

        deinit { writer.shutdown() }


        func player(_ name: String) throws -> Int64 {
            let now = clock.now.rawValue
            return try writer.performAndWait { transaction in
                let player = try Players.register(username: name, passwordHash: "x", role: .player, startingGold: 10_000,
                                                  now: now, in: transaction)
                try Ledger.grant(100, of: .wheat, to: player.id, reason: .adjustment, reference: nil, now: now,
                                 in: transaction)
                try transaction.run("UPDATE land_squares SET owner_id = ?, is_locked = 0 WHERE id = 2", [player.id])
                return player.id
            }
        }

        func wait<T: Sendable>(_ start: (@escaping MarketService.Completion<T>) -> Void) throws -> T {
            let result = Locked<Result<T, MarketServiceError>?>(nil)
            let done = DispatchSemaphore(value: 0)
            start { outcome in
                result.withLock { $0 = outcome }
                done.signal()
            }
            done.wait()
            guard let outcome = result.withLock({ $0 }) else { throw CancellationError() }
            return try outcome.mapError { $0.underlying }.get()
        }
    }

    @Test func placementPublishesEventsAndMovesTheMetrics() throws {
        let fixture = try Fixture()
        let seller = try fixture.player("seller")
        let buyer = try fixture.player("buyer")
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
        let fixture = try Fixture()
        let seller = try fixture.player("seller")
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
