@testable import App
import API
import Clocks
import Foundation
import Game
import HTTP
import Store
import Telemetry
import Testing
import TestSupport

/// The operators' console routes on a real node (real sockets, real database, the node's own wiring): the health
/// answer gathers role, readiness, storage and replication, and a suspension closes the player's open socket with
/// 4003 at once and refuses the token on a new one.
@Suite struct AdminNodeTests {
    static let adminPassword = "operator password"

    /// A data dir with an operator account, made as `worldgame admin create` makes it (before the node starts).
    static func dataDirectoryWithOperator() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let configuration = StoreConfiguration(path: DataDirectory.databasePath(in: directory.path))
        try DataDirectory.prepare(directory.path)
        try DatabaseSetup.migrate(configuration)
        let hash = try PasswordHasher(iterations: 1_000).hash(Redacted(adminPassword))
        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        let now = SystemClock().now.rawValue
        _ = try writer.performAndWait { transaction in
            try Players.register(username: "operator", passwordHash: hash, role: .admin, startingGold: 0, now: now,
                                 in: transaction)
        }
        return directory
    }

    /// A started node over `directory` without demo auctions.
    static func node(_ directory: TemporaryDirectory) throws -> Node {
        try Node.started(in: directory, ["--loops", "2", "--password-iterations", "1000", "--demo-auctions", "0"])
    }

    @Test(.timeLimit(.minutes(5)))
    func healthGathersWhatTheNodeKnows() throws {
        let directory = try Self.dataDirectoryWithOperator()
        let node = try Self.node(directory)
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let token = try SocketBidTraceTests.token(try SocketBidTraceTests.post(
            api, "/api/auth/login", #"{"username":"operator","password":"\#(Self.adminPassword)"}"#))
        let response = try api.send(.get, "/api/admin/health", headers: ["authorization": "Bearer \(token)"])
        #expect(response.status == 200, "\(response.bodyText)")
        let health = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(health["role"] as? String == "primary")
        #expect((health["ready"] as? [String: Any])?["ok"] as? Bool == true, "\(health)")
        #expect((health["version"] as? [String: Any])?["release"] as? String == WorldgameCommand.version)
        #expect((health["version"] as? [String: Any])?["schema"] as? Int ?? 0 >= 15)
        #expect((health["replication"] as? [String: Any])?["mode"] as? String == "async")
        #expect(((health["storage"] as? [String: Any])?["freeBytes"] as? Int ?? 0) > 0)
        #expect(health["recentErrors"] is [Any])
    }

    @Test(.timeLimit(.minutes(5)))
    func suspendingAPlayerClosesTheirOpenSocketWith4003() throws {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        let directory = try Self.dataDirectoryWithOperator()
        let node = try Self.node(directory)
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let registered = try SocketBidTraceTests.post(api, "/api/auth/register",
                                                      #"{"username":"eve","password":"long enough pw"}"#)
        let playerToken = try SocketBidTraceTests.token(registered)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(registered.body)) as? [String: Any])
        let playerID = try #require((body["player"] as? [String: Any])?["id"] as? Int)
        let adminToken = try SocketBidTraceTests.token(try SocketBidTraceTests.post(
            api, "/api/auth/login", #"{"username":"operator","password":"\#(Self.adminPassword)"}"#))
        let port = try #require(node.gatewayServer?.localPort)
        let result = try PythonWebSocketsClient.runFixture("ws_suspend.py", arguments: [
            "ws://127.0.0.1:\(port)/ws", "http://127.0.0.1:\(node.apiPort)", playerToken, adminToken, String(playerID)])
        #expect(result.passed(checks: 4), "\(result.lines)")
        let refused = try api.send(.get, "/api/me", headers: ["authorization": "Bearer \(playerToken)"])
        #expect(refused.status == 401 && refused.bodyText.contains("account_suspended"), "\(refused.bodyText)")
    }
}
