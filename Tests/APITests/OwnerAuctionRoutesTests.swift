import API
import Foundation
import Game
import HTTP
import Testing

/// `POST /api/land-squares/{id}/auctions` on a real server: only the owner, one sale at a time, validated
/// like the operator's route, settled to the winner with the seller paid the price minus the marketplace fee.
@Suite struct OwnerAuctionRoutesTests {
    func post(_ server: TestServer, _ path: String, _ body: String, token: String) throws -> HTTPClientResponse {
        let client = try server.client()
        defer { client.close() }
        return try client.post(path, json: body, token: token)
    }

    /// A server where `alice` owns `square` (won at a game auction) and `bob` may bid.
    func world() throws -> (TestServer, alice: (id: Int64, token: String), bob: (id: Int64, token: String),
                            square: Int64) {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let (alice, bob) = (try server.player("alice"), try server.player("bob"))
        let square = try server.openSquares(1)[0]
        let first = try server.startAuction(admin: admin.token, type: "blind", squares: [square], seconds: 2)
        #expect(try post(server, "/api/auctions/\(first)/bid", #"{"amount":40}"#, token: alice.token).status == 201)
        try server.runJobs(at: server.clock.now.rawValue + 2_000)
        return (server, alice, bob, square)
    }

    @Test func ownerPutsTheirSquareUpAndTheWinnerGetsIt() throws {
        let (server, alice, bob, square) = try world()
        let client = try server.client()
        defer { client.close() }
        let shown = try client.get("/api/land-squares/\(square)", token: alice.token)
        #expect(shown.json?["ownerId"] == .integer(alice.id) && shown.json?["nextAuctionAt"] == .null)
        let created = try post(server, "/api/land-squares/\(square)/auctions",
                               #"{"auctionType":"blind","durationSeconds":30,"reservePrice":50}"#, token: alice.token)
        #expect(created.status == 201, "\(created.bodyText)")
        let id = try #require(created.json?["id"].flatMap { if case .integer(let id) = $0 { id } else { nil } })
        #expect(created.json?["sellerId"] == .integer(alice.id) && created.json?["origin"] == "owner")
        #expect(created.json?["reservePrice"] == 50 && created.json?["status"] == "in-progress")
        let fetched = try client.get("/api/auctions/\(id)", token: alice.token)
        #expect(fetched.json == created.json)
        let own = try post(server, "/api/auctions/\(id)/bid", #"{"amount":60}"#, token: alice.token)
        #expect(own.status == 422 && own.errorCode == "own_land")
        #expect(try post(server, "/api/auctions/\(id)/bid", #"{"amount":60}"#, token: bob.token).status == 201)
        let before = try server.gold(alice.id)
        try server.runJobs(at: server.clock.now.rawValue + 30_000)
        let after = try client.get("/api/land-squares/\(square)", token: bob.token)
        #expect(after.json?["ownerId"] == .integer(bob.id) && after.json?["nextAuctionAt"] == .null)
        let fee = MarketConfiguration().fee(on: 60)
        #expect(try server.gold(alice.id) == (before.available + 60 - fee, 0))
        #expect(try server.gold(bob.id) == (1_000 - 60, 0))
        #expect(server.events.withLock { events in
            events.contains { $0.topic == "player:\(alice.id)" && $0.type == "auction_sold" }
        })
        #expect(try server.failedChecks().isEmpty)
    }

    @Test func refusalsNameTheRule() throws {
        let (server, alice, bob, square) = try world()
        let body = #"{"auctionType":"blind","durationSeconds":60,"reservePrice":0}"#
        let notMine = try post(server, "/api/land-squares/\(square)/auctions", body, token: bob.token)
        #expect(notMine.status == 403 && notMine.errorCode == "not_your_square")
        let unowned = try server.openSquares(2)[1]
        #expect(try post(server, "/api/land-squares/\(unowned)/auctions", body, token: bob.token).status == 403)
        let missing = try post(server, "/api/land-squares/99999999/auctions", body, token: alice.token)
        #expect(missing.status == 404 && missing.errorCode == "square_not_found")
        let noToken = try server.client()
        defer { noToken.close() }
        #expect(try noToken.post("/api/land-squares/\(square)/auctions", json: body).status == 401)
        for (invalid, code) in [
            (#"{"auctionType":"blind","durationSeconds":0,"reservePrice":0}"#, "out_of_range"),
            (#"{"auctionType":"blind","durationSeconds":60,"reservePrice":-1}"#, "out_of_range"),
            (#"{"auctionType":"blind","durationSeconds":60}"#, "missing_field"),
            (#"{"auctionType":"dutch","durationSeconds":60,"reservePrice":0}"#, "unknown_auction_type"),
            (#"{"auctionType":"blind","durationSeconds":60,"reservePrice":0,"landSquares":[1]}"#, "unknown_field"),
        ] {
            let refused = try post(server, "/api/land-squares/\(square)/auctions", invalid, token: alice.token)
            #expect(refused.status == 400, "\(invalid): \(refused.bodyText)")
            #expect(refused.errorCode == code, "\(invalid): \(refused.bodyText)")
        }
        #expect(try post(server, "/api/land-squares/\(square)/auctions", body, token: alice.token).status == 201)
        let twice = try post(server, "/api/land-squares/\(square)/auctions", body, token: alice.token)
        #expect(twice.status == 409 && twice.errorCode == "squares_unavailable")
        #expect(try server.failedChecks().isEmpty)
    }
}
