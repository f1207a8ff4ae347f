import Foundation
import HTTP
import Store
import TestSupport
import Testing

/// A standby promoted while running (by the promote route, or by itself after `--auto-promote-after`) must behave at
/// once as a restarted primary: bids over REST and the WebSocket, auctions settled by its job workers, schedules run.
@Suite(.serialized) struct OnlinePromotionTests {
    static let secretHeader: HTTPHeaders = ["authorization": "Bearer pair-secret-0123456789abcdef"]

    @Test(.timeLimit(.minutes(3))) func standbyPromotedByTheRouteBidsSettlesAndRunsSchedules() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let bidders = try Self.startPairWithBidders(pair)
        pair.primary?.send(signal: SIGKILL)
        _ = pair.primary?.waitForExit()
        pair.primary = nil

        let refused = try Self.post(pair.standbyPort, "/api/auctions/1/bid", #"{"amount":5}"#, token: bidders[0])
        #expect(refused.status == 503 && refused.bodyText.contains("not_primary"))
        let client = try HTTPClient(host: "127.0.0.1", port: pair.standbyInternalPort)
        defer { client.close() }
        let promoted = try client.send(.post, "/replication/promote", headers: Self.secretHeader)
        #expect(promoted.status == 200, "\(promoted.bodyText)")
        try Self.expectPrimaryServices(pair, bidders: bidders)
    }

    @Test(.timeLimit(.minutes(3))) func standbyPromotedAutomaticallyBidsSettlesAndRunsSchedules() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let bidders = try Self.startPairWithBidders(pair, standbyExtra: ["--auto-promote-after", "1"])
        pair.primary?.send(signal: SIGKILL)
        _ = pair.primary?.waitForExit()
        pair.primary = nil
        let promoted = waitUntil(.seconds(30), interval: .milliseconds(100)) {
            try ReplicationPair.status(port: pair.standbyInternalPort)["role"] as? String == "primary"
        }
        try #require(promoted, "the standby did not promote itself")
        try Self.expectPrimaryServices(pair, bidders: bidders)
    }

    /// Starts the pair, registers two bidders on the primary and waits until the standby has them; returns tokens.
    static func startPairWithBidders(_ pair: ReplicationPair, standbyExtra: [String] = []) throws -> [String] {
        try pair.startPrimary()
        let bidders = try (0..<2).map { try ReplicationProcessTests.register("bidder_\($0)", port: pair.primaryPort) }
        _ = try pair.startStandby(extra: standbyExtra)
        try pair.waitForStandby()
        _ = try pair.waitForConvergence()
        return bidders
    }

    /// On the promoted standby: an operator creates a 2 s auction, one bid over REST and one over the WebSocket
    /// succeed, the job workers settle it, and the scheduler enqueues a schedule made due.
    static func expectPrimaryServices(_ pair: ReplicationPair, bidders: [String]) throws {
        let port = pair.standbyPort
        #expect(pair.standby?.waitForOutput(timeout: .seconds(30)) { lines in
            lines.contains { $0.contains(#""message":"primary services started""#) }
        } == true)
        let admin = try operatorToken(pair)
        let square = try withDatabase(pair) { database in
            try database.queryOne("SELECT id FROM land_squares WHERE is_locked = 0 LIMIT 1")?.int64("id")
        }
        let created = try post(port, "/api/admin/auctions",
                               #"{"landSquares":[\#(try #require(square))],"auctionType":"blind","durationSeconds":2,"reservePrice":0}"#,
                               token: admin)
        let auctionID = try #require(ReplicationProcessTests.json(created)["id"] as? Int, "\(created.bodyText)")
        let restBid = try post(port, "/api/auctions/\(auctionID)/bid", #"{"amount":7}"#, token: bidders[0])
        #expect(restBid.status == 201, "\(restBid.bodyText)")
        let socketBid = try socketCommand(port: pair.standbyWebSocketPort, token: bidders[1],
                                          #"{"type":"bid","auctionId":\#(auctionID),"amount":9,"requestId":"ws-bid"}"#)
        #expect(socketBid.contains(#""type":"result""#) && socketBid.contains(#""requestId":"ws-bid""#), "\(socketBid)")

        var status = ""
        _ = waitUntil(.seconds(60), interval: .milliseconds(200)) {
            let shown = try get(port, "/api/auctions/\(auctionID)", token: bidders[0])
            status = ReplicationProcessTests.json(shown)["status"] as? String ?? ""
            return status == "completed" || status == "failed"
        }
        #expect(status == "completed", "the promoted node's job workers did not settle the auction")

        try withDatabase(pair) { try $0.run("UPDATE schedules SET next_run_at = 0 WHERE name = 'matchOrders'") }
        #expect(pair.standby?.waitForOutput(timeout: .seconds(20)) { lines in
            lines.contains { $0.contains(#""message":"schedule run enqueued""#) && $0.contains("matchOrders") }
        } == true, "the promoted node's scheduler did not run")
    }

    /// Registers `operator` on the promoted node, gives it the admin role in its database, and logs it in.
    static func operatorToken(_ pair: ReplicationPair) throws -> String {
        _ = try ReplicationProcessTests.register("operator", port: pair.standbyPort)
        try withDatabase(pair) { try $0.run("UPDATE players SET role = 'admin' WHERE username = 'operator'") }
        let client = try HTTPClient(host: "127.0.0.1", port: pair.standbyPort)
        defer { client.close() }
        let login = try client.send(.post, "/api/auth/login", headers: ["content-type": "application/json"],
                                    body: Array(#"{"username":"operator","password":"password-operator"}"#.utf8))
        return try #require(ReplicationProcessTests.json(login)["token"] as? String, "\(login.bodyText)")
    }

    static func withDatabase<T>(_ pair: ReplicationPair, _ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: StoreConfiguration(path: pair.standbyDataDir + "/worldgame.db"),
                                        readOnly: false)
        defer { connection.close() }
        return try body(connection)
    }

    static func post(_ port: Int, _ path: String, _ body: String, token: String) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        return try client.send(.post, path, headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                               body: Array(body.utf8))
    }

    static func get(_ port: Int, _ path: String, token: String) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        return try client.send(.get, path, headers: ["authorization": "Bearer \(token)"])
    }

    /// Sends one command over the realtime gateway and returns the first `result` or `error` answer (a JSON line).
    static func socketCommand(port: Int, token: String, _ command: String) throws -> String {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        return try PythonWebSocketsClient.sendCommand(url: "ws://127.0.0.1:\(port)/ws?token=\(token)", command)
    }
}
