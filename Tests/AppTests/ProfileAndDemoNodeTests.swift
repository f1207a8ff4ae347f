@testable import App
import Foundation
import HTTP
import Telemetry
import Testing
import TestSupport

/// The demo cadence and the profile routes on a real node (real sockets, real database, real job system): a fresh demo node has auctions
/// to bid on within a minute, and signing out closes the player's open WebSocket at once and refuses the old token.
@Suite struct ProfileAndDemoNodeTests {
    /// A started node over `directory` with `extra` options.
    private static func node(_ directory: TemporaryDirectory, _ extra: [String] = []) throws -> Node {
        try Node.started(in: directory, ["--loops", "2", "--password-iterations", "1000"] + extra)
    }

    private static func openAuctions(_ api: HTTPClient, token: String) throws -> [[String: Any]] {
        let response = try api.send(.get, "/api/auctions?status=open", headers: ["authorization": "Bearer \(token)"])
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return body?["auctions"] as? [[String: Any]] ?? []
    }

    @Test(.timeLimit(.minutes(2)))
    func aFreshDemoNodeOpensAuctionsOfUnownedLandWithinAMinute() throws {
        let directory = try TemporaryDirectory()
        let started = ContinuousClock.now
        let node = try Self.node(directory)
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let token = try SocketBidTraceTests.register("early", api)
        var auctions: [[String: Any]] = []
        _ = waitUntil(deadline: started + .seconds(60), interval: .milliseconds(100)) {
            auctions = try Self.openAuctions(api, token: token)
            return auctions.count >= 3
        }
        #expect(auctions.count == 3, "open auctions after \(ContinuousClock.now - started): \(auctions)")
        #expect(Set(auctions.compactMap { $0["auctionType"] as? String }) == ["open", "blind", "vickrey"])
        let auctionID = try #require(auctions.first?["id"] as? Int)
        let bid = try SocketBidTraceTests.post(api, "/api/auctions/\(auctionID)/bid", #"{"amount":25}"#, token: token)
        #expect(bid.status / 100 == 2, "\(bid.bodyText)")
    }

    @Test(.timeLimit(.minutes(2)))
    func noDemoMeansNoDemoAuctions() throws {
        let directory = try TemporaryDirectory()
        let node = try Self.node(directory, ["--demo-auctions", "0"])
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let token = try SocketBidTraceTests.register("quiet", api)
        #expect(try Self.openAuctions(api, token: token).isEmpty)
        let configuration = try NodeConfiguration(try ParsedArguments(
            commandName: "serve", arguments: ["--no-demo"], options: NodeConfiguration.options, environment: [:]))
        #expect(!configuration.demoAuctions.isEnabled)
        let environment = try NodeConfiguration(try ParsedArguments(
            commandName: "serve", arguments: [], options: NodeConfiguration.options,
            environment: ["WORLDGAME_DEMO_AUCTIONS": "5", "WORLDGAME_DEMO_AUCTION_SECONDS": "60"]))
        #expect(environment.demoAuctions.openTarget == 5 && environment.demoAuctions.durationSeconds == 60)
    }

    @Test(.timeLimit(.minutes(2)))
    func signingOutClosesTheOpenSocketsOfOlderSessions() throws {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        let directory = try TemporaryDirectory()
        let node = try Self.node(directory, ["--demo-auctions", "0"])
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let old = try SocketBidTraceTests.register("ivy", api)
        let other = try SocketBidTraceTests.token(try SocketBidTraceTests.post(
            api, "/api/auth/login", #"{"username":"ivy","password":"long enough pw"}"#))
        let port = try #require(node.gatewayServer?.localPort)
        let result = try PythonWebSocketsClient.runFixture("ws_revoke_sessions.py", arguments: [
            "ws://127.0.0.1:\(port)/ws", "http://127.0.0.1:\(node.apiPort)", old, other])
        #expect(result.passed(checks: 4), "\(result.lines)")
        let refused = try api.send(.get, "/api/me", headers: ["authorization": "Bearer \(other)"])
        #expect(refused.status == 401 && refused.bodyText.contains("token_revoked"), "\(refused.bodyText)")
    }

    @Test(.timeLimit(.minutes(3)))
    func aStandbyRefusesTokensSignedOutOnThePrimaryAndClosesTheirSockets() throws {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        let shared = try TemporaryDirectory()
        let jwtSecret = shared.file("jwt.key")
        let replicationSecret = shared.file("replication.key")
        // The JWT key is created by the primary's first start and read by the standby: one key for both.
        try String(repeating: "r", count: 48).write(toFile: replicationSecret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: replicationSecret)
        let common = ["--secret-file", jwtSecret, "--replication-secret-file", replicationSecret, "--demo-auctions", "0"]
        let primaryDirectory = try TemporaryDirectory()
        let primary = try Self.node(primaryDirectory, common)
        defer { primary.stop(deadline: .seconds(2)) }
        let standbyDirectory = try TemporaryDirectory()
        let standby = try Self.node(standbyDirectory, common + ["--role", "standby", "--peer",
                                                                "http://127.0.0.1:\(primary.internalPort)"])
        defer { standby.stop(deadline: .seconds(2)) }
        let primaryAPI = try HTTPClient(host: "127.0.0.1", port: primary.apiPort)
        defer { primaryAPI.close() }
        let standbyAPI = try HTTPClient(host: "127.0.0.1", port: standby.apiPort)
        defer { standbyAPI.close() }
        let old = try SocketBidTraceTests.register("jade", primaryAPI)
        let other = try SocketBidTraceTests.token(try SocketBidTraceTests.post(
            primaryAPI, "/api/auth/login", #"{"username":"jade","password":"long enough pw"}"#))
        let started = ContinuousClock.now
        func standbyStatus(_ token: String) throws -> Int {
            try standbyAPI.send(.get, "/api/me", headers: ["authorization": "Bearer \(token)"]).status
        }
        _ = waitUntil(deadline: started + .seconds(60), interval: .milliseconds(100)) { try standbyStatus(old) == 200 }
        #expect(try standbyStatus(old) == 200, "the standby never saw the player")
        // The socket is on the standby; the sign-out goes to the primary and reaches the standby by replication.
        let port = try #require(standby.gatewayServer?.localPort)
        let result = try PythonWebSocketsClient.runFixture("ws_revoke_sessions.py", arguments: [
            "ws://127.0.0.1:\(port)/ws", "http://127.0.0.1:\(primary.apiPort)", old, other])
        #expect(result.passed(checks: 4), "\(result.lines)")
        let refused = try standbyAPI.send(.get, "/api/me", headers: ["authorization": "Bearer \(other)"])
        #expect(refused.status == 401 && refused.bodyText.contains("token_revoked"), "\(refused.bodyText)")
    }
}
