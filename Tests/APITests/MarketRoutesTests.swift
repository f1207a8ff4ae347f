import API
import Dispatch
import Foundation
import Game
import HTTP
import Locking
import Store
import Testing

/// The marketplace through the HTTP API on a real server: a listing bought, a race of two buyers, partial fills across
/// three orders, stable prices within and over the cap, and bad input refused with nothing changed.
@Suite struct MarketRoutesTests {
    /// A registered player: id and token.
    struct Trader {
        var id: Int64
        var token: String
    }

    static func register(_ name: String, on server: TestServer) throws -> Trader {
        let player = try server.player(name)
        return Trader(id: player.id, token: player.token)
    }

    static func grant(_ units: Int64, of asset: Asset, to trader: Trader, on server: TestServer) throws {
        _ = try server.writer.performAndWait { transaction in
            try Ledger.grant(units, of: asset, to: trader.id, reason: .adjustment, reference: nil, now: TestServer.epoch,
                             in: transaction)
        }
    }

    static func giveSquare(_ squareID: Int64, to trader: Trader, on server: TestServer) throws {
        try server.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ?, is_locked = 0 WHERE id = ?", [trader.id, squareID])
        }
    }

    static func balance(_ trader: Trader, _ asset: Asset, on server: TestServer) throws -> Int64 {
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        return try Ledger.holdings(playerID: trader.id, in: connection).available[asset] ?? -1
    }

    static func keys(_ schema: String) -> Set<String> {
        guard case .array(let names) = OpenAPIDocument.document()["components"]?["schemas"]?[schema]?["required"] else {
            return []
        }
        return Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
    }

    static func first(_ value: JSONValue?) -> JSONValue? {
        guard case .array(let elements) = value else { return nil }
        return elements.first
    }

    static func objectKeys(_ value: JSONValue?) -> Set<String> {
        guard case .object(let members) = value else { return [] }
        return Set(members.keys)
    }

    @Test func listingIsBoughtAndOwnershipMoves() throws {
        let server = try TestServer()
        let seller = try Self.register("seller", on: server)
        let buyer = try Self.register("buyer", on: server)
        try Self.giveSquare(5, to: seller, on: server)
        let client = try server.client()
        let created = try client.post("/api/marketplace/listings",
                                      json: #"{"squareId":5,"startPrice":900,"floorPrice":300,"durationSeconds":600}"#,
                                      token: seller.token)
        #expect(created.status == 201, "\(created.bodyText)")
        #expect(Self.objectKeys(created.json?["listing"]) == Self.keys("Listing"))
        guard case .integer(let listingID) = created.json?["listing"]?["id"] else { return }
        #expect(try client.get("/api/land-squares/5").json?["isLocked"] == .bool(true))
        server.clock.advance(by: .seconds(300))
        let listed = try client.get("/api/marketplace/listings")
        #expect(Self.first(listed.json?["listings"])?["currentPrice"] == .integer(600))
        let bought = try client.post("/api/marketplace/listings/\(listingID)/buy", json: "", token: buyer.token)
        #expect(bought.status == 200, "\(bought.bodyText)")
        #expect(bought.json?["listing"]?["status"] == .string("sold"))
        #expect(bought.json?["listing"]?["soldPrice"] == .integer(600))
        let square = try client.get("/api/land-squares/5").json
        #expect(square?["ownerId"] == .integer(buyer.id) && square?["isLocked"] == .bool(false))
        #expect(try Self.balance(buyer, .gold, on: server) == 1_000 - 600)
        #expect(try Self.balance(seller, .gold, on: server) == 1_000 + 600 - 6)
    }

    @Test func twoRacingBuyersGetOneSaleAndOneConflict() throws {
        let server = try TestServer()
        let seller = try Self.register("seller", on: server)
        let buyers = [try Self.register("alice", on: server), try Self.register("bob", on: server)]
        try Self.giveSquare(9, to: seller, on: server)
        let created = try server.client().post("/api/marketplace/listings", json: #"{"squareId":9,"price":500}"#,
                                               token: seller.token)
        guard case .integer(let listingID) = created.json?["listing"]?["id"] else {
            Issue.record("\(created.bodyText)")
            return
        }
        let port = server.server.localPort
        let statuses = Locked<[Int64: Int]>([:])
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for buyer in buyers {
            group.enter()
            Thread {
                let client = try? HTTPClient(host: "127.0.0.1", port: port)
                start.wait()
                let status = (try? client?.post("/api/marketplace/listings/\(listingID)/buy", json: "", token: buyer.token))?
                    .status ?? -1
                statuses.withLock { $0[buyer.id] = status }
                group.leave()
            }.start()
        }
        start.signal()
        start.signal()
        group.wait()
        let results = statuses.withLock { $0 }
        #expect(results.values.sorted() == [200, 409], "\(results)")
        guard let winner = buyers.first(where: { results[$0.id] == 200 }),
              let loser = buyers.first(where: { results[$0.id] == 409 }) else { return }
        #expect(try server.client().get("/api/land-squares/9").json?["ownerId"] == .integer(winner.id))
        #expect(try Self.balance(winner, .gold, on: server) == 500)
        #expect(try Self.balance(loser, .gold, on: server) == 1_000)
    }

    @Test func buyOrderFillsPartiallyAcrossThreeRestingOrders() throws {
        let server = try TestServer()
        let sellers = try ["s1", "s2", "s3"].map { try Self.register("seller-\($0)", on: server) }
        let buyer = try Self.register("buyer", on: server)
        let client = try server.client()
        for (index, seller) in sellers.enumerated() {
            try Self.grant(10, of: .wheat, to: seller, on: server)
            let placed = try client.post("/api/marketplace/orders",
                                         json: #"{"resource":"wheat","side":"sell","price":\#(20 + index),"quantity":10}"#,
                                         token: seller.token)
            #expect(placed.status == 201, "\(placed.bodyText)")
        }
        let taken = try client.post("/api/marketplace/orders",
                                    json: #"{"resource":"wheat","side":"buy","price":25,"quantity":25}"#, token: buyer.token)
        #expect(taken.status == 201, "\(taken.bodyText)")
        #expect(Self.objectKeys(taken.json) == Self.keys("OrderPlacement"))
        guard case .array(let trades) = taken.json?["trades"] else { return }
        #expect(trades.map { $0["price"] } == [.integer(20), .integer(21), .integer(22)])
        #expect(trades.map { $0["quantity"] } == [.integer(10), .integer(10), .integer(5)])
        #expect(taken.json?["order"]?["status"] == .string("filled"))
        #expect(try Self.balance(buyer, .gold, on: server) == 1_000 - 200 - 210 - 110)
        #expect(try Self.balance(buyer, .wheat, on: server) == 25)
        let book = try client.get("/api/marketplace/book/wheat").json
        #expect(book?["asks"] == .array([["price": 22, "quantity": 5, "orders": 1]]))
        let own = try client.get("/api/marketplace/orders", token: sellers[2].token).json
        #expect(Self.first(own?["orders"])?["remaining"] == .integer(5))
        let feed = try client.get("/api/marketplace/trades?resource=wheat").json
        guard case .array(let recent) = feed?["trades"] else { return }
        #expect(recent.map { $0["price"] } == [.integer(22), .integer(21), .integer(20)])
        #expect(Self.objectKeys(recent.first) == Self.keys("Trade"))
    }

    @Test func stablePricesWithinAndOverTheDailyCap() throws {
        let server = try TestServer { $0.startingGold = 10_000 }
        let maker = MarketConfiguration().marketMaker
        _ = try server.writer.performAndWait { transaction in
            try MarketMaker.prepare(configuration: maker, now: TestServer.epoch, in: transaction)
        }
        let trader = try Self.register("trader", on: server)
        try Self.grant(150, of: .wheat, to: trader, on: server)
        let client = try server.client()
        let cap = maker.dailyCapPerPlayer
        let sold = try client.post("/api/marketplace/orders",
                                   json: #"{"resource":"wheat","side":"sell","price":1,"quantity":\#(cap)}"#, token: trader.token)
        #expect(Self.first(sold.json?["trades"])?["price"] == .integer(8))
        #expect(sold.json?["order"]?["status"] == .string("filled"))
        let over = try client.post("/api/marketplace/orders",
                                   json: #"{"resource":"wheat","side":"sell","price":1,"quantity":5,"immediateOrCancel":true}"#,
                                   token: trader.token)
        #expect(over.json?["trades"] == .array([]))
        #expect(over.json?["order"]?["status"] == .string("cancelled"))
        #expect(try Self.balance(trader, .wheat, on: server) == 150 - cap)
        let bought = try client.post("/api/marketplace/orders",
                                     json: #"{"resource":"oil","side":"buy","price":30,"quantity":\#(cap + 1),"immediateOrCancel":true}"#,
                                     token: trader.token)
        #expect(Self.first(bought.json?["trades"])?["quantity"] == .integer(cap))
        #expect(bought.json?["order"]?["remaining"] == .integer(1))
        #expect(try Self.balance(trader, .oil, on: server) == cap)
        let book = try client.get("/api/marketplace/book/oil").json
        #expect(book?["stablePrices"] == ["buy": 20, "sell": 30])
    }
}
