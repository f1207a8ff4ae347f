import Foundation
@testable import Game
import Store
import Testing

@Suite struct MarketMakerTests {
    static var configuration: MarketConfiguration {
        var configuration = MarketConfiguration()
        configuration.marketMaker.dailyCapPerPlayer = 10
        configuration.marketMaker.fundingGold = 1_000
        configuration.marketMaker.fundingUnitsPerResource = 50
        return configuration
    }

    func prepared() throws -> (GameDatabase, Int64, [Int64]) {
        let database = try GameDatabase(seed: 1)
        let maker = try database.writer.performAndWait { transaction in
            try MarketMaker.prepare(configuration: Self.configuration.marketMaker, now: GameDatabase.epoch, in: transaction)
        }
        return (database, maker, try database.marketPlayers(2, gold: 10_000, units: 100))
    }

    func place(_ database: GameDatabase, _ request: OrderRequest, at now: Int64 = GameDatabase.epoch) throws -> OrderPlacement {
        try database.writer.performAndWait { transaction in
            try OrderBook.place(request, configuration: Self.configuration, now: now, in: transaction)
        }
    }

    @Test func fundingComesFromTheMintOnce() throws {
        let (database, maker, _) = try prepared()
        let again = try database.writer.performAndWait { transaction in
            try MarketMaker.prepare(configuration: Self.configuration.marketMaker, now: GameDatabase.epoch, in: transaction)
        }
        #expect(again == maker)
        let (holdings, fundings) = try database.read { connection in
            (try Ledger.holdings(playerID: maker, in: connection),
             try connection.queryOne("SELECT count(*) AS n FROM transfers WHERE reason = 'market_maker_funding'")?.int64("n"))
        }
        #expect(holdings.available == [.gold: 1_000, .wheat: 50, .oil: 50, .ore: 50])
        #expect(fundings == 4)
        #expect(try database.read { try Players.exists(username: MarketMaker.username, in: $0) })
        #expect(Username.violation(MarketMaker.username) != nil, "nobody can register the market maker's name")
    }

    @Test func sellsAndBuysAtStablePricesWithinTheDailyCap() throws {
        let (database, maker, players) = try prepared()
        let sale = try place(database, OrderRequest(playerID: players[0], resource: .wheat, side: .sell, price: 1, quantity: 6))
        #expect(sale.trades.map(\.price) == [8] && sale.trades.map(\.quantity) == [6] && sale.order.status == .filled)
        #expect(sale.trades.first?.buyOrderID == nil && sale.trades.first?.buyerID == maker)
        let overCap = try place(database, OrderRequest(playerID: players[0], resource: .wheat, side: .sell, price: 1, quantity: 6))
        #expect(overCap.trades.map(\.quantity) == [4], "only 4 of today's 10 remain")
        #expect(overCap.order.status == .open && overCap.order.remaining == 2)
        let purchase = try place(database, OrderRequest(playerID: players[1], resource: .oil, side: .buy, price: 40, quantity: 12))
        #expect(purchase.trades.map(\.price) == [30] && purchase.trades.map(\.quantity) == [10])
        #expect(purchase.order.escrow == 2 * 40, "the price improvement was released, the rest rests")
        let tomorrow = try place(database, OrderRequest(playerID: players[0], resource: .wheat, side: .sell, price: 8, quantity: 3),
                                 at: GameDatabase.epoch + 86_400_000)
        #expect(tomorrow.trades.count >= 1, "the cap resets each UTC day")
        #expect(try database.marketViolations().isEmpty)
    }

    @Test func bookOrdersAtTheSamePriceGoBeforeTheMarketMaker() throws {
        let (database, maker, players) = try prepared()
        let resting = try place(database, OrderRequest(playerID: players[0], resource: .ore, side: .sell, price: 22, quantity: 3))
        let taker = try place(database, OrderRequest(playerID: players[1], resource: .ore, side: .buy, price: 22, quantity: 5))
        #expect(taker.trades.map(\.sellOrderID) == [resting.order.id, nil])
        #expect(taker.trades.map(\.sellerID) == [players[0], maker])
        #expect(taker.trades.map(\.quantity) == [3, 2])
        #expect(try database.marketViolations().isEmpty)
    }
}
