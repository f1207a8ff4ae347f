import API
import Game
import HTTP
import Store
import Testing

/// `GET /api/me/ledger` and `GET /api/me/squares` on a real server: the starting grant, an order's escrow and a
/// trade seen from each side, paging with limit and before, bad input and missing tokens refused, and another
/// player's data never shown.
@Suite struct MeRoutesTests {
    typealias Trader = MarketRoutesTests.Trader

    static func register(_ name: String, on server: TestServer) throws -> Trader {
        try MarketRoutesTests.register(name, on: server)
    }

    static func entries(_ response: HTTPClientResponse) -> [JSONValue] {
        guard case .array(let entries) = response.json?["entries"] else { return [] }
        return entries
    }

    static func ids(_ entries: [JSONValue]) -> [Int64] {
        entries.compactMap { if case .integer(let id) = $0["id"] { id } else { nil } }
    }

    @Test func ledgerStartsWithTheStartingGrant() throws {
        let server = try TestServer()
        let alice = try Self.register("alice", on: server)
        let response = try server.client().get("/api/me/ledger", token: alice.token)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(MarketRoutesTests.objectKeys(response.json) == MarketRoutesTests.keys("LedgerEntryPage"))
        #expect(response.json?["nextBefore"] == .null)
        let entries = Self.entries(response)
        #expect(entries.count == 1)
        let grant = try #require(entries.first)
        #expect(MarketRoutesTests.objectKeys(grant) == MarketRoutesTests.keys("LedgerEntry"))
        #expect(grant["asset"] == "gold")
        #expect(grant["amount"] == .integer(APIConfiguration().startingGold))
        #expect(grant["account"] == "available")
        #expect(grant["reason"] == "starting_grant")
        #expect(grant["reference"] == .string("player:\(alice.id)"))
        #expect(grant["counterparty"] == "system")
        #expect(grant["createdAt"] == .string(Timestamp.rfc3339(milliseconds: TestServer.epoch)))
    }

    @Test func orderEscrowGivesTwoEntriesThatAPageNeverSplits() throws {
        let server = try TestServer()
        let alice = try Self.register("alice", on: server)
        let client = try server.client()
        let placed = try client.post("/api/marketplace/orders",
                                     json: #"{"resource":"wheat","side":"buy","price":3,"quantity":5}"#, token: alice.token)
        #expect(placed.status == 201, "\(placed.bodyText)")
        guard case .integer(let orderID) = placed.json?["order"]?["id"] else { return }
        let newest = try client.get("/api/me/ledger?limit=1", token: alice.token)
        #expect(newest.status == 200, "\(newest.bodyText)")
        let legs = Self.entries(newest)
        #expect(legs.map { $0["account"] } == ["available", "escrow"])
        #expect(legs.map { $0["amount"] } == [.integer(-15), .integer(15)])
        #expect(Set(Self.ids(legs)).count == 1)
        for leg in legs {
            #expect(leg["reason"] == "market_escrow")
            #expect(leg["counterparty"] == "self")
            #expect(leg["reference"] == .string("order:\(orderID)"))
        }
        #expect(newest.json?["nextBefore"] == .optional(Self.ids(legs).first))
        let older = try client.get("/api/me/ledger?limit=1&before=\(Self.ids(legs).first ?? 0)", token: alice.token)
        #expect(Self.entries(older).map { $0["reason"] } == ["starting_grant"])
        #expect(older.json?["nextBefore"] == .null)
    }

    @Test func pagesWithLimitAndBeforeCoverTheWholeHistoryNewestFirst() throws {
        let server = try TestServer()
        let alice = try Self.register("alice", on: server)
        for amount in Int64(1)...6 { try MarketRoutesTests.grant(amount, of: .ore, to: alice, on: server) }
        let client = try server.client()
        let all = Self.entries(try client.get("/api/me/ledger", token: alice.token))
        #expect(all.count == 7)
        #expect(Self.ids(all) == Self.ids(all).sorted(by: >))
        #expect(all.first?["amount"] == .integer(6))
        #expect(all.first?["reason"] == "adjustment")
        var paged: [JSONValue] = []
        var target = "/api/me/ledger?limit=3"
        for _ in 0..<5 {
            let page = try client.get(target, token: alice.token)
            #expect(page.status == 200, "\(page.bodyText)")
            #expect(Self.entries(page).count <= 3)
            paged += Self.entries(page)
            guard case .integer(let next) = page.json?["nextBefore"] else { break }
            target = "/api/me/ledger?limit=3&before=\(next)"
        }
        #expect(paged == all)
        let defaultPage = Self.entries(try client.get("/api/me/ledger?before=1", token: alice.token))
        #expect(defaultPage.isEmpty)
    }

    @Test func aTradeShowsTheOtherSideOnlyAsAPlayer() throws {
        let server = try TestServer()
        let seller = try Self.register("seller", on: server)
        let buyer = try Self.register("buyer", on: server)
        try MarketRoutesTests.grant(10, of: .wheat, to: seller, on: server)
        let client = try server.client()
        let sell = try client.post("/api/marketplace/orders",
                                   json: #"{"resource":"wheat","side":"sell","price":20,"quantity":10}"#, token: seller.token)
        let buy = try client.post("/api/marketplace/orders",
                                  json: #"{"resource":"wheat","side":"buy","price":20,"quantity":4}"#, token: buyer.token)
        #expect(buy.json?["order"]?["status"] == "filled", "\(buy.bodyText)")
        guard case .integer(let sellID) = sell.json?["order"]?["id"], case .integer(let buyID) = buy.json?["order"]?["id"]
        else { return }
        let sellerEntries = Self.entries(try client.get("/api/me/ledger", token: seller.token))
        let buyerEntries = Self.entries(try client.get("/api/me/ledger", token: buyer.token))
        let sellerTrades = sellerEntries.filter { $0["reason"] == "market_trade" }
        #expect(sellerTrades.count == 2)
        #expect(sellerTrades.allSatisfy { $0["counterparty"] == "player" })
        #expect(sellerTrades.contains { $0["asset"] == "wheat" && $0["amount"] == .integer(-4) && $0["account"] == "escrow" })
        #expect(sellerTrades.contains { $0["asset"] == "gold" && $0["account"] == "available" && $0["reference"] == .null })
        let buyerTrades = buyerEntries.filter { $0["reason"] == "market_trade" }
        #expect(buyerTrades.contains { $0["asset"] == "wheat" && $0["amount"] == .integer(4) && $0["reference"] == .null })
        #expect(!sellerEntries.contains { $0["reference"] == .string("order:\(buyID)") })
        #expect(!buyerEntries.contains { $0["reference"] == .string("order:\(sellID)") })
        for (entries, other) in [(sellerEntries, buyer), (buyerEntries, seller)] {
            #expect(!entries.contains { $0["reference"] == .string("player:\(other.id)") })
        }
        let buyerPrivate = buyerEntries.filter { $0["reason"] != "market_trade" }
        #expect(buyerPrivate.count >= 3)
        #expect(Set(Self.ids(sellerEntries)).isDisjoint(with: Self.ids(buyerPrivate)))
    }

    @Test func squaresListOnlyTheCallersOwnSquares() throws {
        let server = try TestServer()
        let alice = try Self.register("alice", on: server)
        let bob = try Self.register("bob", on: server)
        let client = try server.client()
        let none = try client.get("/api/me/squares", token: alice.token)
        #expect(none.status == 200, "\(none.bodyText)")
        #expect(none.json == ["squares": [], "total": 0, "isTruncated": false])
        for squareID in Int64(7)...9 { try MarketRoutesTests.giveSquare(squareID, to: alice, on: server) }
        try MarketRoutesTests.giveSquare(5, to: bob, on: server)
        let owned = try client.get("/api/me/squares", token: alice.token)
        #expect(MarketRoutesTests.objectKeys(owned.json) == MarketRoutesTests.keys("OwnedSquareList"))
        guard case .array(let squares) = owned.json?["squares"] else { return }
        #expect(squares.map { $0["id"] } == [7, 8, 9])
        #expect(squares.allSatisfy { $0["ownerId"] == .integer(alice.id) })
        #expect(squares.first == (try client.get("/api/land-squares/7").json))
        #expect(MarketRoutesTests.objectKeys(squares.first) == MarketRoutesTests.keys("LandSquare"))
        #expect(owned.json?["total"] == 3)
        #expect(owned.json?["isTruncated"] == false)
        let bobs = try client.get("/api/me/squares", token: bob.token).json
        #expect(MarketRoutesTests.first(bobs?["squares"])?["id"] == 5)
        #expect(bobs?["total"] == 1)
    }

    @Test(arguments: [
        ("/api/me/ledger?limit=0", "invalid_parameter"), ("/api/me/ledger?limit=201", "invalid_parameter"),
        ("/api/me/ledger?limit=ten", "invalid_parameter"), ("/api/me/ledger?limit=", "invalid_parameter"),
        ("/api/me/ledger?before=0", "invalid_parameter"), ("/api/me/ledger?before=-5", "invalid_parameter"),
        ("/api/me/ledger?before=99999999999999999999", "invalid_parameter"),
        ("/api/me/ledger?offset=3", "unknown_parameter"), ("/api/me/squares?limit=3", "unknown_parameter"),
    ])
    func badParametersAreRefused(target: String, code: String) throws {
        let server = try TestServer()
        let alice = try Self.register("alice", on: server)
        let response = try server.client().get(target, token: alice.token)
        #expect(response.status == 400, "\(response.bodyText)")
        #expect(response.errorCode == code)
    }

    @Test(arguments: ["/api/me/ledger", "/api/me/squares"])
    func missingOrForgedTokensAreRefused(target: String) throws {
        let server = try TestServer()
        let client = try server.client()
        let missing = try client.get(target)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "missing_token")
        let forged = try client.get(target, token: "not.a.token")
        #expect(forged.status == 401)
        #expect(forged.errorCode == "invalid_token")
    }
}
