import Foundation
@testable import Game
import Store
import Testing

/// The matching engine against random order streams: after every step the book is not crossed, escrow equals the
/// open orders' remaining escrow, every asset is conserved and the ledger sums to zero, and the trades are exactly
/// what price-time priority over the book as it stood predicts, each at the resting order's price.
@Suite struct OrderBookPropertyTests {
    /// The market maker stays out of these streams so the reference model is the book alone (see `MarketMakerTests`).
    static var configuration: MarketConfiguration {
        var configuration = MarketConfiguration()
        configuration.marketMaker.isEnabled = false
        configuration.feeBasisPoints = 150
        return configuration
    }

    /// One resting order as the reference model sees it.
    struct Resting: Equatable {
        var id: Int64
        var playerID: Int64
        var price: Int64
        var remaining: Int64
    }

    /// The expected fills (maker id, price, quantity) and self-trade cancellations of `request` against `book`,
    /// which holds the opposite side's open orders in price-time priority.
    static func expectedMatch(_ request: OrderRequest, book: [Resting]) -> (fills: [[Int64]], cancelled: [Int64]) {
        var remaining = request.quantity
        var fills: [[Int64]] = []
        var cancelled: [Int64] = []
        for resting in book where remaining > 0 {
            let crosses = request.side == .buy ? resting.price <= request.price : resting.price >= request.price
            guard crosses else { break }
            if resting.playerID == request.playerID {
                cancelled.append(resting.id)
                continue
            }
            let quantity = min(remaining, resting.remaining)
            fills.append([resting.id, resting.price, quantity])
            remaining -= quantity
        }
        return (fills, cancelled)
    }

    static func book(_ resource: MarketResource, side: OrderSide, in database: any SQLExecutor) throws -> [Resting] {
        let order = side == .buy ? "price DESC, id" : "price, id"
        return try database.query(
            "SELECT id, player_id, price, remaining FROM market_orders WHERE resource = ? AND side = ? AND status = 'open' ORDER BY \(order)",
            [resource.rawValue, side.rawValue]).map { row in
                Resting(id: try row.int64("id"), playerID: try row.int64("player_id"), price: try row.int64("price"),
                        remaining: try row.int64("remaining"))
            }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomOrderStreamsKeepEveryInvariant(seed: UInt64) throws {
        let database = try GameDatabase(seed: 1)
        let players = try database.marketPlayers(4, gold: 2_000_000, units: 5_000)
        let conserved = try database.holdingsOutsideMint()
        var random = SeededRandom(seed: seed)
        let configuration = Self.configuration
        var tradeCount = 0
        var restingIDs: [Int64: Int64] = [:]
        for step in 0..<150 {
            let now = GameDatabase.epoch + Int64(step) * 1000
            let roll = random.integer(in: 0...99)
            if roll < 12, let (orderID, owner) = restingIDs.randomElement(using: &random) {
                let canceller = roll < 3 ? players.first { $0 != owner } ?? owner : owner
                let before = try database.marketFingerprint()
                do {
                    _ = try database.writer.performAndWait { transaction in
                        try OrderBook.cancel(orderID: orderID, playerID: canceller, now: now, in: transaction)
                    }
                    #expect(canceller == owner, "step \(step): someone else's cancel succeeded")
                } catch let error as MarketError {
                    if canceller != owner {
                        #expect(error == .notOrderOwner(orderID: orderID, playerID: canceller))
                    }
                    #expect(try database.marketFingerprint() == before, "step \(step): a refused cancel changed state")
                }
                restingIDs[orderID] = nil
            } else {
                let request = OrderRequest(
                    playerID: players[Int(random.integer(in: 0...3))],
                    resource: roll % 2 == 0 ? .wheat : .ore, side: random.integer(in: 0...1) == 0 ? .buy : .sell,
                    price: random.integer(in: 90...110), quantity: random.integer(in: 1...40),
                    isImmediateOrCancel: random.integer(in: 0...4) == 0)
                let (placement, expected) = try database.writer.performAndWait { transaction in
                    let book = try Self.book(request.resource, side: request.side.opposite, in: transaction)
                    let placement = try OrderBook.place(request, configuration: configuration, now: now, in: transaction)
                    return (placement, Self.expectedMatch(request, book: book))
                }
                let fills = placement.trades.map { trade in
                    [request.side == .buy ? trade.sellOrderID ?? 0 : trade.buyOrderID ?? 0, trade.price, trade.quantity]
                }
                #expect(fills == expected.fills, "step \(step): trades break price-time priority or resting prices")
                #expect(placement.selfTradeCancellations == expected.cancelled, "step \(step): self-trade prevention")
                for trade in placement.trades {
                    #expect(trade.fee == configuration.fee(on: trade.price * trade.quantity))
                }
                let filled = placement.trades.reduce(0) { $0 + $1.quantity }
                #expect(placement.order.remaining == request.quantity - filled)
                if placement.order.remaining == 0 {
                    #expect(placement.order.status == .filled)
                } else if request.isImmediateOrCancel {
                    #expect(placement.order.status == .cancelled && placement.order.escrow == 0)
                } else {
                    #expect(placement.order.status == .open)
                    restingIDs[placement.order.id] = request.playerID
                }
                for cancelled in placement.selfTradeCancellations { restingIDs[cancelled] = nil }
                tradeCount += placement.trades.count
            }
            let open = try database.read { connection in
                try connection.query("SELECT id FROM market_orders WHERE status = 'open'").map { try $0.int64("id") }
            }
            restingIDs = restingIDs.filter { open.contains($0.key) }
            let violations = try database.marketViolations()
            #expect(violations.isEmpty, "step \(step): \(violations)")
            #expect(try database.holdingsOutsideMint() == conserved, "step \(step): holdings not conserved")
            if !violations.isEmpty { return }
        }
        #expect(tradeCount > 20, "the stream should trade: \(tradeCount) trades")
    }

    @Test func refusedOrdersChangeNothing() throws {
        let database = try GameDatabase(seed: 1)
        let players = try database.marketPlayers(1, gold: 100, units: 10)
        let before = try database.marketFingerprint()
        let cases: [(OrderRequest, MarketError)] = [
            (OrderRequest(playerID: players[0], resource: .oil, side: .sell, price: 5, quantity: 11), .game(.insufficientFunds(
                accountID: 0, asset: .oil, available: 10, requested: 11))),
            (OrderRequest(playerID: players[0], resource: .oil, side: .buy, price: 11, quantity: 10), .game(.insufficientFunds(
                accountID: 0, asset: .gold, available: 100, requested: 110))),
            (OrderRequest(playerID: players[0], resource: .oil, side: .buy, price: 0, quantity: 1), .invalidPrice(
                price: 0, maximum: 1_000_000_000)),
            (OrderRequest(playerID: players[0], resource: .oil, side: .buy, price: 1, quantity: -3), .invalidQuantity(
                quantity: -3, maximum: 1_000_000_000)),
        ]
        for (request, expected) in cases {
            do {
                _ = try database.writer.performAndWait { transaction in
                    try OrderBook.place(request, configuration: Self.configuration, now: GameDatabase.epoch, in: transaction)
                }
                Issue.record("\(request) was accepted")
            } catch let error as MarketError {
                if case .game(.insufficientFunds(_, let asset, let available, let requested)) = error,
                   case .game(.insufficientFunds(_, let expectedAsset, let expectedAvailable, let expectedRequested)) = expected {
                    #expect([asset.rawValue, String(available), String(requested)]
                        == [expectedAsset.rawValue, String(expectedAvailable), String(expectedRequested)])
                } else {
                    #expect(error == expected)
                }
            }
            #expect(try database.marketFingerprint() == before)
        }
    }
}
