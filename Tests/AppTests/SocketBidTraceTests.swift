@testable import App
import Foundation
import HTTP
import Store
import Telemetry
import Testing
import TestSupport

/// A bid over the WebSocket carries a W3C trace like a REST bid: the client's `traceparent` when it sends one, else a
/// new trace, stored with the bid (and so logged by its settlement).
@Suite struct SocketBidTraceTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    @Test(.timeLimit(.minutes(2)))
    func aSocketBidStoresTheCallersTraceOrANewOne() throws {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        let directory = try TemporaryDirectory()
        let node = try Node.started(in: directory, ["--loops", "2", "--password-iterations", "1000"])
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let database = DataDirectory.databasePath(in: directory.path)

        let bidder = try Self.register("tracer", api)
        _ = try Self.register("operator", api)
        try Self.withDatabase(database) { try $0.run("UPDATE players SET role = 'admin' WHERE username = 'operator'") }
        let admin = try Self.token(try Self.post(api, "/api/auth/login", #"{"username":"operator","password":"long enough pw"}"#))
        let square = try #require(try Self.withDatabase(database) {
            try $0.queryOne("SELECT id FROM land_squares WHERE is_locked = 0 AND owner_id IS NULL LIMIT 1")?.int64("id")
        })
        let created = try Self.post(api, "/api/admin/auctions",
                                    #"{"landSquares":[\#(square)],"auctionType":"open","durationSeconds":600,"reservePrice":0}"#,
                                    token: admin)
        let auctionID = try #require(try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])["id"] as? Int

        let port = try #require(node.gatewayServer?.localPort)
        let traced = #"{"type":"bid","auctionId":\#(try #require(auctionID)),"amount":5,"requestId":"b1","#
            + #""traceparent":"00-\#(Self.traceID)-00f067aa0ba902b7-01"}"#
        let untraced = #"{"type":"bid","auctionId":\#(try #require(auctionID)),"amount":9,"requestId":"b2"}"#
        for (command, amount) in [(traced, 5), (untraced, 9)] {
            let answer = try PythonWebSocketsClient.sendCommand(url: "ws://127.0.0.1:\(port)/ws?token=\(bidder)", command)
            #expect(answer.contains(#""type":"result""#), "\(answer)")
            // The REST route's 201 body (encoded on the connection's loop), under `data`.
            #expect(answer.contains(#""data":{"auctionId":\#(try #require(auctionID)),"bid":{"amount":\#(amount),"#),
                    "\(answer)")
        }
        let stored = try Self.withDatabase(database) { connection in
            try connection.query("SELECT amount, trace_id FROM auction_bids WHERE auction_id = ? ORDER BY amount",
                                 [try #require(auctionID)]).map { (try $0.int64("amount"), try $0.optionalString("trace_id")) }
        }
        #expect(stored.count == 2)
        #expect(stored.first?.0 == 5 && stored.first?.1 == Self.traceID)
        let fresh = try #require(stored.last?.1)
        #expect(fresh.count == 32 && fresh != Self.traceID && fresh.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    static func register(_ name: String, _ client: HTTPClient) throws -> String {
        try token(try post(client, "/api/auth/register", #"{"username":"\#(name)","password":"long enough pw"}"#))
    }

    static func token(_ response: HTTPClientResponse) throws -> String {
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return try #require(body?["token"] as? String, "\(response.bodyText)")
    }

    static func post(_ client: HTTPClient, _ path: String, _ body: String, token: String? = nil) throws -> HTTPClientResponse {
        var headers: HTTPHeaders = ["content-type": "application/json"]
        if let token { headers.set("authorization", "Bearer \(token)") }
        return try client.send(.post, path, headers: headers, body: Array(body.utf8))
    }

    static func withDatabase<T>(_ path: String, _ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        defer { connection.close() }
        return try body(connection)
    }
}
