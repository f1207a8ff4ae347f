import API
import Foundation
import Game
import HTTP
import Locking
import Testing

@Suite struct AuctionRoutesTests {
    func bid(_ server: TestServer, _ auctionID: Int64, _ amount: String, token: String) throws -> HTTPClientResponse {
        let client = try server.client()
        defer { client.close() }
        return try client.post("/api/auctions/\(auctionID)/bid", json: #"{"amount":\#(amount)}"#, token: token)
    }

    func auction(_ server: TestServer, _ id: Int64, token: String) throws -> JSONValue {
        let client = try server.client()
        defer { client.close() }
        let response = try client.get("/api/auctions/\(id)", token: token)
        #expect(response.status == 200, "\(response.bodyText)")
        return try #require(response.json)
    }

    @Test func wholeBlindAuctionWithThreePlayers() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let players = try ["alice", "bob", "carol"].map { try server.player($0) }
        let square = try server.openSquares(1)[0]
        let id = try server.startAuction(admin: admin.token, type: "blind", squares: [square], seconds: 5)
        #expect(try bid(server, id, "300", token: players[0].token).status == 201)
        server.clock.advance(by: .seconds(1))
        #expect(try bid(server, id, "450", token: players[1].token).status == 201)
        #expect(try bid(server, id, "450", token: players[2].token).status == 201)
        #expect(try bid(server, id, "200", token: players[0].token).status == 201)
        #expect(try server.gold(players[0].id) == (800, 200))
        let during = try auction(server, id, token: players[2].token)
        #expect(during["highBid"] == .null && during["bids"] == .array([]) && during["bidderCount"] == 3)
        #expect(during["myBid"]?["amount"] == 450)
        server.clock.advance(by: .seconds(4))
        #expect(try bid(server, id, "999", token: players[0].token).errorCode == "auction_ended")
        try server.runJobs(at: server.clock.now.rawValue)
        let after = try auction(server, id, token: players[0].token)
        #expect(after["status"] == "completed" && after["winner"] == .integer(players[1].id) && after["finalPrice"] == 450)
        #expect(try server.gold(players[0].id) == (1_000, 0))
        #expect(try server.gold(players[1].id) == (550, 0))
        #expect(try server.gold(players[2].id) == (1_000, 0))
        let owner = try server.read { try World.square(id: square, in: $0).ownerID }
        #expect(owner == players[1].id)
        #expect(try server.failedChecks().isEmpty)
    }

    @Test func wholeOpenAuctionWithOutbidsAndAntiSniping() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let (alice, bob) = (try server.player("alice"), try server.player("bob"))
        let square = try server.openSquares(1)[0]
        let id = try server.startAuction(admin: admin.token, type: "open", squares: [square], seconds: 120)
        #expect(try bid(server, id, "100", token: alice.token).status == 201)
        #expect(try bid(server, id, "100", token: bob.token).errorCode == "bid_too_low")
        #expect(try bid(server, id, "150", token: bob.token).status == 201)
        #expect(try server.gold(alice.id) == (1_000, 0))
        let seen = try auction(server, id, token: alice.token)
        #expect(seen["highBid"] == 150 && seen["highBidderId"] == .integer(bob.id) && seen["myBid"]?["status"] == "outbid")
        server.clock.advance(by: .seconds(90))
        let late = try bid(server, id, "200", token: alice.token)
        #expect(late.status == 201)
        let originalEnd = TestServer.epoch + 120_000
        #expect(late.json?["endTime"] == .string(Timestamp.rfc3339(milliseconds: originalEnd + 60_000)))
        try server.runJobs(at: originalEnd)
        #expect(try auction(server, id, token: bob.token)["status"] == "in-progress")
        try server.runJobs(at: originalEnd + 60_000)
        let after = try auction(server, id, token: bob.token)
        #expect(after["winner"] == .integer(alice.id) && after["finalPrice"] == 200)
        #expect(try server.gold(alice.id) == (800, 0) && server.gold(bob.id) == (1_000, 0))
        #expect(try server.failedChecks().isEmpty)
    }

    @Test func wholeVickreyAuction() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let (alice, bob) = (try server.player("alice"), try server.player("bob"))
        let squares = try server.openSquares(3)
        let id = try server.startAuction(admin: admin.token, type: "vickrey", squares: squares, seconds: 3, reserve: 10)
        #expect(try bid(server, id, "500", token: alice.token).status == 201)
        #expect(try bid(server, id, "320", token: bob.token).status == 201)
        try server.runJobs(at: TestServer.epoch + 3_000)
        let after = try auction(server, id, token: bob.token)
        #expect(after["winner"] == .integer(alice.id) && after["finalPrice"] == 320)
        #expect(try server.gold(alice.id) == (680, 0) && server.gold(bob.id) == (1_000, 0))
        let treasury = try server.read { try Ledger.systemAccount(.treasury, .gold, in: $0).balance }
        let fees = try server.read { try Ledger.systemAccount(.fees, .gold, in: $0).balance }
        #expect(treasury == 304 && fees == 16)
        #expect(try server.failedChecks().isEmpty)
    }

    @Test func blindAmountLeavesNoTraceForOtherPlayers() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let (alice, bob) = (try server.player("alice"), try server.player("bob"))
        let id = try server.startAuction(admin: admin.token, type: "blind", squares: try server.openSquares(1), seconds: 60)
        let secret = "918273"
        try server.writer.performAndWait { transaction in
            _ = try Ledger.grant(1_000_000, of: .gold, to: alice.id, reason: .adjustment, reference: nil,
                                 now: TestServer.epoch, in: transaction)
        }
        #expect(try bid(server, id, secret, token: alice.token).status == 201)
        #expect(try bid(server, id, secret, token: alice.token).status == 201)
        #expect(try bid(server, id, "5", token: bob.token).status == 201)
        let client = try server.client()
        defer { client.close() }
        var seenByBob: [String] = []
        for target in ["/api/auctions/\(id)", "/api/auctions", "/api/auctions?status=open", "/api/me"] {
            let response = try client.get(target, token: bob.token)
            #expect(response.status == 200)
            seenByBob.append(response.bodyText)
        }
        seenByBob += server.events.withLock { events in
            events.filter { $0.topic != "player:\(alice.id)" }.map { String(decoding: $0.dataJSON, as: UTF8.self) }
        }
        seenByBob += server.logSink.records.map { "\($0.message) \($0.fields)" }
        seenByBob.append(server.registry.exposition())
        for text in seenByBob { #expect(!text.contains(secret), "leak in: \(text.prefix(300))") }
        let own = try client.get("/api/auctions/\(id)", token: alice.token)
        #expect(own.json?["myBid"]?["amount"] == 918_273)
    }

    @Test(arguments: [
        ("0", 400, "out_of_range"), ("-5", 400, "out_of_range"), ("1.5", 400, "wrong_type"),
        ("\"10\"", 400, "wrong_type"), ("99999999999999999999", 400, "out_of_range"), ("1e30", 400, "out_of_range"),
        ("1000000000000000000", 400, "out_of_range"), ("1001", 422, "insufficient_funds"),
    ] as [(String, Int, String)])
    func malformedOrUnaffordableBidsAreRefused(_ amount: String, _ status: Int, _ code: String) throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let alice = try server.player("alice")
        let id = try server.startAuction(admin: admin.token, type: "open", squares: try server.openSquares(1), seconds: 60)
        let response = try bid(server, id, amount, token: alice.token)
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code || (code == "invalid_json" && response.status == 400))
        #expect(try server.gold(alice.id) == (1_000, 0))
    }

    @Test func unknownClosedAndOwnAuctionsAreRefused() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let alice = try server.player("alice")
        let square = try server.openSquares(1)[0]
        #expect(try bid(server, 4242, "5", token: alice.token).status == 404)
        let first = try server.startAuction(admin: admin.token, type: "blind", squares: [square], seconds: 2)
        #expect(try bid(server, first, "5", token: alice.token).status == 201)
        try server.runJobs(at: TestServer.epoch + 2_000)
        let closed = try bid(server, first, "9", token: alice.token)
        #expect(closed.status == 409 && closed.errorCode == "auction_not_open")
        let resale = try server.startOwnerAuction(token: alice.token, square: square, type: "blind", seconds: 60)
        let own = try bid(server, resale, "5", token: alice.token)
        #expect(own.status == 422 && own.errorCode == "own_land")
        let client = try server.client()
        defer { client.close() }
        #expect(try client.get("/api/auctions/4242", token: alice.token).errorCode == "auction_not_found")
        #expect(try client.get("/api/auctions?status=done", token: alice.token).errorCode == "invalid_parameter")
        let forbidden = try client.post("/api/admin/auctions", json: #"{"landSquares":[1],"auctionType":"open","durationSeconds":5,"reservePrice":0}"#,
                                        token: alice.token)
        #expect(forbidden.status == 403)
        let busy = try client.post("/api/admin/auctions", json: #"{"landSquares":[\#(square)],"auctionType":"open","durationSeconds":5,"reservePrice":0}"#,
                                   token: admin.token)
        #expect(busy.status == 409 && busy.errorCode == "squares_unavailable")
        let unknown = try client.post("/api/admin/auctions", json: #"{"landSquares":[\#(square)],"auctionType":"dutch","durationSeconds":5,"reservePrice":0}"#,
                                      token: admin.token)
        #expect(unknown.status == 400 && unknown.errorCode == "unknown_auction_type")
    }

    @Test func fiftyConcurrentBiddersOnOneOpenAuction() throws {
        let server = try TestServer(.manyLogins)
        let admin = try server.player("operator", admin: true)
        let bidders = try (0..<50).map { try server.player("bidder\($0)") }
        let id = try server.startAuction(admin: admin.token, type: "open", squares: try server.openSquares(1), seconds: 600)
        let amounts = (0..<50).map { Int64(100 + ($0 * 37) % 50 * 7) }
        let accepted = Locked<[Int64]>([])
        let unexpected = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            do {
                let response = try bid(server, id, String(amounts[index]), token: bidders[index].token)
                if response.status == 201 {
                    accepted.withLock { $0.append(amounts[index]) }
                } else if response.errorCode != "bid_too_low" {
                    unexpected.withLock { $0.append(response.bodyText) }
                }
            } catch {
                unexpected.withLock { $0.append("\(error)") }
            }
        }
        #expect(unexpected.withLock { $0 }.isEmpty)
        let view = try auction(server, id, token: admin.token)
        #expect(view["highBid"] == .integer(amounts.max() ?? 0))
        #expect(accepted.withLock { $0.max() } == amounts.max())
        var escrowed: [Int64] = []
        for bidder in bidders {
            let gold = try server.gold(bidder.id)
            #expect(gold.available + gold.escrow == 1_000)
            if gold.escrow > 0 { escrowed.append(gold.escrow) }
        }
        #expect(escrowed == [amounts.max() ?? 0])
        #expect(try server.failedChecks().isEmpty)
    }
}
