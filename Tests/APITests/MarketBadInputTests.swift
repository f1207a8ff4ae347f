import API
import Foundation
import Game
import HTTP
import Store
import Testing

/// Every kind of bad marketplace input gets its status and code, and changes nothing.
@Suite struct MarketBadInputTests {
    /// A request by `actor` ("owner" holds square 5's listing and an open wheat sell order; "other" holds nothing
    /// listed), with `{listing}` and `{order}` replaced by their ids.
    struct Case: Sendable, CustomStringConvertible {
        var actor: String
        var method: HTTPMethod
        var path: String
        var body: String?
        var status: Int
        var code: String
        var description: String { "\(actor) \(method.rawValue) \(path) \(body ?? "") -> \(status) \(code)" }
    }

    static let order = "/api/marketplace/orders"

    @Test(arguments: [
        Case(actor: "owner", method: .post, path: order, body: #"{"resource":"wheat","side":"sell","price":5,"quantity":0}"#,
             status: 400, code: "invalid_quantity"),
        Case(actor: "owner", method: .post, path: order, body: #"{"resource":"wheat","side":"buy","price":-5,"quantity":1}"#,
             status: 400, code: "invalid_price"),
        Case(actor: "owner", method: .post, path: order, body: #"{"resource":"gold","side":"buy","price":5,"quantity":1}"#,
             status: 400, code: "unknown_resource"),
        Case(actor: "owner", method: .post, path: order, body: #"{"resource":"wheat","side":"hold","price":5,"quantity":1}"#,
             status: 400, code: "invalid_field"),
        Case(actor: "owner", method: .post, path: order, body: #"{"resource":"wheat","side":"buy","price":5,"quantity":1,"x":1}"#,
             status: 400, code: "unknown_field"),
        Case(actor: "other", method: .post, path: order, body: #"{"resource":"oil","side":"sell","price":5,"quantity":1}"#,
             status: 422, code: "insufficient_funds"),
        Case(actor: "other", method: .post, path: order, body: #"{"resource":"ore","side":"buy","price":1001,"quantity":1}"#,
             status: 422, code: "insufficient_funds"),
        Case(actor: "other", method: .delete, path: "/api/marketplace/orders/{order}", body: nil, status: 403,
             code: "not_your_order"),
        Case(actor: "other", method: .delete, path: "/api/marketplace/orders/999", body: nil, status: 404,
             code: "order_not_found"),
        Case(actor: "owner", method: .post, path: "/api/marketplace/listings/{listing}/buy", body: "", status: 422,
             code: "own_listing"),
        Case(actor: "other", method: .delete, path: "/api/marketplace/listings/{listing}", body: nil, status: 403,
             code: "not_your_listing"),
        Case(actor: "other", method: .post, path: "/api/marketplace/listings", body: #"{"squareId":5,"price":10}"#,
             status: 403, code: "not_your_square"),
        Case(actor: "owner", method: .post, path: "/api/marketplace/listings", body: #"{"squareId":5,"price":10}"#,
             status: 409, code: "square_locked"),
        Case(actor: "owner", method: .post, path: "/api/marketplace/listings", body: #"{"squareId":6,"price":0}"#,
             status: 400, code: "invalid_price"),
        Case(actor: "owner", method: .post, path: "/api/marketplace/listings",
             body: #"{"squareId":6,"startPrice":10,"floorPrice":20,"durationSeconds":60}"#, status: 400,
             code: "invalid_schedule"),
        Case(actor: "owner", method: .post, path: "/api/marketplace/listings", body: #"{"squareId":99999999,"price":10}"#,
             status: 404, code: "square_not_found"),
        Case(actor: "other", method: .get, path: "/api/marketplace/book/silver", body: nil, status: 400,
             code: "unknown_resource"),
        Case(actor: "other", method: .get, path: "/api/marketplace/trades?resource=gold", body: nil, status: 400,
             code: "unknown_resource"),
        Case(actor: "none", method: .post, path: order, body: #"{"resource":"wheat","side":"buy","price":5,"quantity":1}"#,
             status: 401, code: "missing_token"),
    ])
    func badInputIsRefusedAndChangesNothing(_ example: Case) throws {
        let server = try TestServer()
        let owner = try MarketRoutesTests.register("owner", on: server)
        let other = try MarketRoutesTests.register("other", on: server)
        try MarketRoutesTests.giveSquare(5, to: owner, on: server)
        try MarketRoutesTests.giveSquare(6, to: owner, on: server)
        try MarketRoutesTests.grant(10, of: .wheat, to: owner, on: server)
        let client = try server.client()
        let listing = try client.post("/api/marketplace/listings", json: #"{"squareId":5,"price":50}"#, token: owner.token)
        let order = try client.post(Self.order, json: #"{"resource":"wheat","side":"sell","price":9,"quantity":4}"#,
                                    token: owner.token)
        guard case .integer(let listingID) = listing.json?["listing"]?["id"],
              case .integer(let orderID) = order.json?["order"]?["id"] else {
            Issue.record("setup failed: \(listing.bodyText) \(order.bodyText)")
            return
        }
        let before = try Self.fingerprint(server)
        let path = example.path.replacingOccurrences(of: "{listing}", with: String(listingID))
            .replacingOccurrences(of: "{order}", with: String(orderID))
        var headers: HTTPHeaders = ["content-type": "application/json"]
        let token = example.actor == "owner" ? owner.token : example.actor == "other" ? other.token : nil
        if let token { headers.set("authorization", "Bearer \(token)") }
        let response = try client.send(example.method, path, headers: headers, body: example.body.map { Array($0.utf8) } ?? [])
        #expect(response.status == example.status, "\(response.bodyText)")
        #expect(response.errorCode == example.code)
        #expect(try Self.fingerprint(server) == before)
    }

    static func fingerprint(_ server: TestServer) throws -> [String: Int64] {
        var counts = try server.rowCounts()
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        for table in ["market_orders", "market_trades", "market_listings"] {
            counts[table] = try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n")
        }
        counts["order_state"] = try connection.queryOne(
            "SELECT coalesce(sum(remaining * 7 + escrow * 3 + length(status)), 0) AS n FROM market_orders")?.int64("n")
        counts["listing_state"] = try connection.queryOne(
            "SELECT coalesce(sum(length(status)), 0) AS n FROM market_listings")?.int64("n")
        counts["locked"] = try connection.queryOne("SELECT sum(is_locked) AS n FROM land_squares")?.int64("n")
        return counts
    }
}
