import API
import Foundation
import Game
import HTTP
import Testing

/// The operators' routes over real sockets: every `/api/admin/` route of the table refuses a player's token (403)
/// and no token (401), answers an operator, validates its input like every other route, is rate-limited per
/// operator, and records each action in the audit trail with the request's id and address; a suspension stops the
/// player's token at once and refuses their login.
@Suite struct AdminRoutesTests {
    /// Every admin route of the table, with its path parameters filled in.
    static var adminRoutes: [(method: HTTPMethod, path: String)] {
        RouteTable.routes(on: .api).filter { $0.path.hasPrefix("/api/admin/") }.map { route in
            (route.method, route.path.replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: "1", options: .regularExpression))
        }
    }

    func send(_ client: HTTPClient, _ method: HTTPMethod, _ path: String, token: String?, body: String = "{}")
        throws -> HTTPClientResponse {
        var headers: HTTPHeaders = ["content-type": "application/json"]
        if let token { headers.set("authorization", "Bearer \(token)") }
        return try client.send(method, path, headers: headers, body: method == .get ? [] : Array(body.utf8))
    }

    @Test func everyAdminRouteRefusesAPlayersTokenWith403AndNoTokenWith401() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let player = try server.player("mallory")
        let routes = Self.adminRoutes
        #expect(routes.count >= 18, "the table's admin routes: \(routes.map(\.path))")
        for route in routes {
            let forbidden = try send(client, route.method, route.path, token: player.token)
            #expect(forbidden.status == 403 && forbidden.errorCode == "forbidden", "\(route.method) \(route.path)")
            let anonymous = try send(client, route.method, route.path, token: nil)
            #expect(anonymous.status == 401 && anonymous.errorCode == "missing_token", "\(route.method) \(route.path)")
        }
        #expect(try server.audit().isEmpty, "a refused caller leaves no audit row")
    }

    @Test func anOperatorReadsEveryViewAndNothingAnswers5xx() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        _ = try server.player("reader")
        for path in ["/api/admin/health", "/api/admin/schedules", "/api/admin/jobs", "/api/admin/jobs?state=dead&limit=5",
                     "/api/admin/players?query=READ", "/api/admin/verify", "/api/admin/market-maker",
                     "/api/admin/resource-runs", "/api/admin/audit", "/api/admin/ledger"] {
            let response = try send(client, .get, path, token: token)
            #expect(response.status == 200, "\(path): \(String(decoding: response.body, as: UTF8.self))")
        }
        let health = try send(client, .get, "/api/admin/health", token: token).json
        #expect(health?["role"] == .string("primary") && health?["ready"]?["ok"] == .bool(true))
        #expect(health?["version"]?["schema"] == .integer(15) && health?["backup"] == .null)
        let verify = try send(client, .get, "/api/admin/verify", token: token).json
        #expect(verify?["ok"] == .bool(true), "\(String(describing: verify))")
        let players = try send(client, .get, "/api/admin/players?query=READ", token: token).json
        guard case .array(let list) = players?["players"] else { Issue.record("no players"); return }
        #expect(list.count == 1 && list.first?["name"] == .string("reader") && list.first?["gold"] == .integer(1_000))
        guard case .integer(let id) = list.first?["id"] else { return }
        let detail = try send(client, .get, "/api/admin/players/\(id)", token: token)
        #expect(detail.status == 200 && detail.json?["player"]?["suspended"] == .bool(false))
        #expect(try send(client, .get, "/api/admin/players/999999", token: token).errorCode == "player_not_found")
        #expect(try send(client, .get, "/api/admin/auctions/999999/bids", token: token).errorCode == "auction_not_found")
    }

    @Test(arguments: [
        ("/api/admin/auctions/1/cancel", "{}", "missing_field"),
        ("/api/admin/auctions/1/cancel", #"{"reason":""}"#, "invalid_length"),
        ("/api/admin/auctions/1/cancel", #"{"reason":"x","extra":1}"#, "unknown_field"),
        ("/api/admin/auctions/abc/cancel", #"{"reason":"x"}"#, "invalid_parameter"),
        ("/api/admin/auctions/0/cancel", #"{"reason":"x"}"#, "invalid_parameter"),
        ("/api/admin/players/1/suspend", #"{"reason":7}"#, "wrong_type"),
        ("/api/admin/players/1/suspend", "[1]", "invalid_body"),
        ("/api/admin/players/1/reinstate", #"{"why":"x"}"#, "unknown_field"),
        ("/api/admin/market-maker/top-up", #"{"resource":"diamonds","quantity":5}"#, "invalid_field"),
        ("/api/admin/market-maker/top-up", #"{"resource":"wheat","quantity":0}"#, "out_of_range"),
        ("/api/admin/market-maker/top-up", #"{"resource":"wheat","quantity":2.5}"#, "wrong_type"),
        ("/api/admin/market-maker/top-up", #"{"resource":"wheat","quantity":1e30}"#, "out_of_range"),
        ("/api/admin/jobs/1/retry", #"{"now":true}"#, "unknown_field"),
    ])
    func badInputGetsA400AndLeavesNoAuditRow(path: String, body: String, code: String) throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        let response = try send(client, .post, path, token: token, body: body)
        #expect(response.status == 400 && response.errorCode == code, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(try server.audit().isEmpty)
    }

    @Test(arguments: ["/api/admin/jobs?state=queued", "/api/admin/jobs?limit=0", "/api/admin/jobs?limit=201",
                      "/api/admin/audit?before=x", "/api/admin/players?query=\(String(repeating: "a", count: 33))",
                      "/api/admin/verify?deep=1"])
    func badQueryParametersGetA400(path: String) throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        let response = try send(client, .get, path, token: token)
        #expect(response.status == 400, "\(path): \(String(decoding: response.body, as: UTF8.self))")
    }

    @Test func suspensionStopsTheTokenAtOnceRefusesLoginAndIsAuditedWithTheRequest() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        let player = try server.player("dave")
        #expect(try send(client, .get, "/api/me", token: player.token).status == 200)
        var headers: HTTPHeaders = ["content-type": "application/json", "authorization": "Bearer \(token)",
                                    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]
        headers.set("x-request-id", "suspend-dave-1")
        let suspended = try client.send(.post, "/api/admin/players/\(player.id)/suspend", headers: headers,
                                        body: Array(#"{"reason":"chargeback fraud"}"#.utf8))
        #expect(suspended.status == 200, "\(String(decoding: suspended.body, as: UTF8.self))")
        #expect(suspended.json?["player"]?["suspended"] == .bool(true))
        let refused = try send(client, .get, "/api/me", token: player.token)
        #expect(refused.status == 401 && refused.errorCode == "account_suspended")
        let login = try client.post("/api/auth/login", json: #"{"username":"dave","password":"\#(TestServer.playerPassword)"}"#)
        #expect(login.status == 403 && login.errorCode == "account_suspended")
        let again = try send(client, .post, "/api/admin/players/\(player.id)/suspend", token: token,
                             body: #"{"reason":"twice"}"#)
        #expect(again.status == 409 && again.errorCode == "already_suspended")
        let entry = try #require(server.audit().first)
        #expect(entry.action == "player.suspend" && entry.target == "player:\(player.id)")
        #expect(entry.requestID == suspended.headers["x-request-id"])
        #expect(entry.traceID == "0af7651916cd43dd8448eb211c80319c" && entry.remoteAddress.hasPrefix("127.0.0.1"))
        let listed = try send(client, .get, "/api/admin/audit?limit=1", token: token).json
        #expect(listed?["entries"]?.firstElement?["action"] == .string("player.suspend"))
        #expect(try send(client, .post, "/api/admin/players/\(player.id)/reinstate", token: token).status == 200)
        #expect(try send(client, .get, "/api/me", token: player.token).errorCode == "token_revoked",
                "tokens from before the suspension stay revoked")
        #expect(try server.login(client, "dave", TestServer.playerPassword).isEmpty == false)
    }

    @Test func cancellingAnAuctionOverHTTPReleasesTheBidsAndAnswers409Afterwards() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        let square = try server.openSquare()
        let created = try send(client, .post, "/api/admin/auctions", token: token,
                               body: #"{"landSquares":[\#(square)],"auctionType":"blind","durationSeconds":600,"reservePrice":0}"#)
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        guard case .integer(let auctionID) = created.json?["id"] else { Issue.record("no auction id"); return }
        let ann = try server.player("ann")
        let bob = try server.player("bob")
        #expect(try client.post("/api/auctions/\(auctionID)/bid", json: #"{"amount":100}"#, token: ann.token).status == 201)
        #expect(try client.post("/api/auctions/\(auctionID)/bid", json: #"{"amount":140}"#, token: bob.token).status == 201)
        let bids = try send(client, .get, "/api/admin/auctions/\(auctionID)/bids", token: token)
        #expect(bids.status == 200 && bids.json?["bids"]?.firstElement?["amount"] == .integer(140))
        let cancelled = try send(client, .post, "/api/admin/auctions/\(auctionID)/cancel", token: token,
                                 body: #"{"reason":"wrong square"}"#)
        #expect(cancelled.status == 200 && cancelled.json?["auction"]?["status"] == .string("cancelled"),
                "\(String(decoding: cancelled.body, as: UTF8.self))")
        for player in [ann, bob] {
            let me = try send(client, .get, "/api/me", token: player.token).json
            #expect(me?["balances"]?["gold"] == .integer(1_000) && me?["escrow"]?["gold"] == .integer(0))
        }
        let twice = try send(client, .post, "/api/admin/auctions/\(auctionID)/cancel", token: token, body: #"{"reason":"x"}"#)
        #expect(twice.status == 409 && twice.errorCode == "auction_not_open")
        #expect(try send(client, .get, "/api/admin/verify", token: token).json?["ok"] == .bool(true))
        #expect(try server.audit().map(\.action) == ["auction.cancel", "auction.bids_view", "auction.create"])
    }

    @Test func anOperatorIsRateLimited() throws {
        let server = try TestServer([.admin, .manyLogins]) { $0.adminPolicy = RateLimitPolicy(capacity: 3, refillInterval: .seconds(60)) }
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        for _ in 0..<3 { #expect(try send(client, .get, "/api/admin/health", token: token).status == 200) }
        let limited = try send(client, .get, "/api/admin/health", token: token)
        #expect(limited.status == 429 && limited.errorCode == "rate_limited" && limited.headers["retry-after"] != nil)
    }

    @Test func aTopUpTheTreasuryCannotPayIsA409() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        let response = try send(client, .post, "/api/admin/market-maker/top-up", token: token,
                                body: #"{"resource":"ore","quantity":10}"#)
        #expect(response.status == 409 && response.errorCode == "treasury_short")
        #expect(try server.audit().isEmpty)
    }
}

extension JSONValue {
    /// The first element of an array (nil otherwise).
    var firstElement: JSONValue? {
        guard case .array(let elements) = self else { return nil }
        return elements.first
    }
}

/// The operators' real responses carry exactly the keys their OpenAPI schemas require (drift in either direction
/// fails here before schemathesis sees it).
@Suite struct AdminResponseSchemaTests {
    @Test func realAdminResponsesHaveTheDocumentedKeys() throws {
        let server = try TestServer([.admin, .manyLogins])
        let client = try server.client()
        let token = try server.login(client, "operator", TestServer.adminPassword)
        _ = try server.player("gina")
        let keys = DocumentedKeys().required, objectKeys = DocumentedKeys.members
        func get(_ path: String) throws -> JSONValue? {
            try client.get(path, token: token).json
        }
        #expect(objectKeys(try get("/api/admin/players?query=gina")?["players"]?.firstElement) == keys("AdminPlayer"))
        #expect(objectKeys(try get("/api/admin/schedules")) == keys("AdminScheduleList"))
        let square = try server.openSquare()
        let created = try client.post("/api/admin/auctions", json:
            #"{"landSquares":[\#(square)],"auctionType":"open","durationSeconds":60,"reservePrice":0}"#, token: token)
        #expect(created.status == 201)
        #expect(objectKeys(try get("/api/admin/jobs?limit=1")?["jobs"]?.firstElement) == keys("AdminJob"))
        #expect(objectKeys(try get("/api/admin/market-maker")) == keys("AdminMarketMaker"))
        #expect(objectKeys(try get("/api/admin/verify")) == keys("AdminVerify"))
        #expect(objectKeys(try get("/api/admin/resource-runs")) == keys("AdminResourceRuns"))
        let health = objectKeys(try get("/api/admin/health"))
        #expect(health.isSuperset(of: keys("AdminHealth")), "\(health)")
        let suspended = try client.post("/api/admin/players/\(try #require(get("/api/admin/players?query=gina")?["players"]?.firstElement?["id"]).integerValue)/suspend",
                                        json: #"{"reason":"schema check"}"#, token: token)
        #expect(objectKeys(suspended.json) == keys("AdminSuspension"))
        let audit = try get("/api/admin/audit")
        #expect(objectKeys(audit) == keys("AdminAuditPage"))
        #expect(objectKeys(audit?["entries"]?.firstElement) == keys("AdminAuditEntry"))
    }
}

extension JSONValue {
    /// The integer of `.integer`, 0 otherwise.
    var integerValue: Int64 {
        if case .integer(let value) = self { return value }
        return 0
    }
}
