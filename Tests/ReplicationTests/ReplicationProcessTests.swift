import Foundation
import HTTP
import Replication
import Store
import TestSupport
import Testing

/// The replication pair end to end: two real processes, their own data dirs, HTTP between them.
@Suite(.serialized) struct ReplicationProcessTests {
    /// How many random operations the convergence run sends (`WORLDGAME_REPLICATION_OPERATIONS`; CI keeps the default).
    static let operationCount = Int(ProcessInfo.processInfo.environment["WORLDGAME_REPLICATION_OPERATIONS"] ?? "") ?? 5_000

    static func json(_ response: HTTPClientResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    /// Registers `name` on the node at `port`; returns its token.
    static func register(_ name: String, port: Int) throws -> String {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        let response = try client.send(.post, "/api/auth/register", headers: ["content-type": "application/json"],
                                       body: Array(#"{"username":"\#(name)","password":"password-\#(name)"}"#.utf8))
        guard response.status == 201, let token = json(response)["token"] as? String else {
            throw PairFailure.didNotStart(name: "register \(name)", output: response.bodyText)
        }
        return token
    }

    @Test func standbyBootstrapsFollowsServesReadsRefusesWritesAndPromotes() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let early = try Self.register("early_player", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        _ = try Self.register("late_player", port: pair.primaryPort)
        let (primaryStatus, standbyStatus) = try pair.waitForConvergence()
        #expect(standbyStatus["role"] as? String == "standby")
        #expect(standbyStatus["checksum"] as? String == primaryStatus["checksum"] as? String)

        let client = try HTTPClient(host: "127.0.0.1", port: pair.standbyPort)
        defer { client.close() }
        #expect(try client.send(.get, "/api/regions").status == 200)
        let me = try client.send(.get, "/api/me", headers: ["authorization": "Bearer \(early)"])
        #expect(me.status == 200)
        let ready = try client.send(.get, "/ready")
        #expect(ready.status == 200 && ready.bodyText.contains(#""role":"standby""#))
        #expect(try client.send(.get, "/ready?role=primary").status == 503)
        let write = try client.send(.post, "/api/auth/register", body: Array(#"{"username":"nope","password":"password-1"}"#.utf8))
        #expect(write.status == 503)
        #expect(write.bodyText.contains(#""code":"not_primary""#))
        #expect(write.bodyText.contains(pair.primaryInternalURL))

        #expect(write.headers["retry-after"] == "1")
        // A player's socket that nginx marks as needing the primary is refused at the upgrade with the same 503 (so
        // nginx hands it to the peer); an unmarked socket (a read-only consumer of the standby's events) is admitted.
        let refused = try Self.handshake(port: pair.standbyWebSocketPort, primaryOnly: true)
        #expect(refused.status == 503)
        #expect(refused.bodyText.contains(#""code":"not_primary""#), "\(refused.bodyText)")
        #expect(refused.headers["retry-after"] == "1")
        #expect(try Self.handshake(port: pair.standbyWebSocketPort, primaryOnly: false).status == 101)
        #expect(try Self.handshake(port: pair.primaryWebSocketPort, primaryOnly: true).status == 101)

        let internalClient = try HTTPClient(host: "127.0.0.1", port: pair.standbyInternalPort)
        defer { internalClient.close() }
        let promoted = try internalClient.send(.post, "/replication/promote",
                                       headers: ["authorization": "Bearer pair-secret-0123456789abcdef"])
        #expect(promoted.status == 200)
        #expect(Self.json(promoted)["role"] as? String == "primary")
        #expect((Self.json(promoted)["term"] as? Int ?? 0) == (standbyStatus["term"] as? Int ?? 0) + 1)
        _ = try Self.register("after_promotion", port: pair.standbyPort)
        // The registration the standby refused with 503 was not applied anywhere: the same name is still free.
        _ = try Self.register("nope", port: pair.standbyPort)
        #expect(try Self.handshake(port: pair.standbyWebSocketPort, primaryOnly: true).status == 101)
    }

    /// A WebSocket handshake on `port`, with the header nginx sets on players' sockets when `primaryOnly`; returns the
    /// answer (101 when admitted; the connection is closed right after).
    static func handshake(port: Int, primaryOnly: Bool) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        var headers: HTTPHeaders = ["upgrade": "websocket", "connection": "Upgrade", "sec-websocket-version": "13",
                                    "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="]
        if primaryOnly { headers.set("x-worldgame-role", "primary") }
        return try client.send(.get, "/ws", headers: headers)
    }

    @Test func standbyBehindRetentionReBootstrapsWhileRunningAndKeepsFollowing() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let retention = ["--replication-retention", "5"]
        try pair.startPrimary(extra: retention)
        _ = try Self.register("first_player", port: pair.primaryPort)
        let standby = try pair.startStandby()
        try pair.waitForStandby()
        let (_, before) = try pair.waitForConvergence()
        // Freeze the standby, commit records it misses, and restart the primary in place: the new primary process has
        // heard from no standby (nothing but the retention holds its pruning back) and its in-memory tail starts after
        // those records, so the standby's next poll can only be served from the pruned log.
        standby.send(signal: SIGSTOP)
        for index in 0..<3 { _ = try Self.register("missed_\(index)", port: pair.primaryPort) }
        let (port, internalPort) = (pair.primaryPort, pair.primaryInternalPort)
        pair.primary?.send(signal: SIGTERM)
        _ = pair.primary?.waitForExit()
        try pair.startPrimary(extra: retention, apiPort: port, internalPort: internalPort)
        var tokens: [String] = []
        for index in 0..<15 { tokens.append(try Self.register("later_\(index)", port: pair.primaryPort)) }
        let oldest = try Self.oldestRetainedSeq(dataDir: pair.primaryDataDir)
        #expect(oldest > (before["appliedSeq"] as? Int ?? 0) + 1, "the standby's position was pruned")
        standby.send(signal: SIGCONT)

        let (primaryStatus, standbyStatus) = try pair.waitForConvergence(timeout: .seconds(120))
        #expect(standbyStatus["checksum"] as? String == primaryStatus["checksum"] as? String)
        #expect(standby.waitForOutput(timeout: .seconds(30)) { lines in
            lines.contains { $0.contains(#""message":"standby re-bootstrapped""#) }
        })
        let client = try HTTPClient(host: "127.0.0.1", port: pair.standbyPort)
        defer { client.close() }
        #expect(try client.send(.get, "/ready").status == 200)
        let me = try client.send(.get, "/api/me", headers: ["authorization": "Bearer \(try #require(tokens.last))"])
        #expect(me.status == 200, "the same standby process serves the re-bootstrapped data")
        _ = try Self.register("after_rebootstrap", port: pair.primaryPort)
        _ = try pair.waitForConvergence()
    }

    /// The oldest record left in the log of the node's database file.
    static func oldestRetainedSeq(dataDir: String) throws -> Int {
        let connection = try Connection(configuration: StoreConfiguration(path: dataDir + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        return Int(try connection.queryOne("SELECT coalesce(min(seq), 0) AS oldest FROM replication_log")?.int64("oldest") ?? 0)
    }

    @Test func replicationEndpointsNeedTheSecretAndAWrongSecretCannotBootstrap() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let client = try HTTPClient(host: "127.0.0.1", port: pair.primaryInternalPort)
        defer { client.close() }
        let missing = try client.send(.get, "/replication/records?after=0")
        #expect(missing.status == 401 && missing.bodyText.contains(#""code":"unauthorized""#))
        #expect(try client.send(.post, "/replication/snapshots", headers: ["authorization": "Bearer wrong-secret-0123456789"]).status == 401)
        #expect(try client.send(.get, "/replication/snapshots/abc?offset=0", headers: ["authorization": "Bearer wrong-secret-0123456789"]).status == 401)
        #expect(try client.send(.delete, "/replication/snapshots/abc", headers: ["authorization": "Bearer wrong-secret-0123456789"]).status == 401)
        #expect(try client.send(.delete, "/replication/snapshots/abc").status == 401)
        var current: HTTPHeaders = ["authorization": "Bearer pair-secret-0123456789abcdef"]
        NodeVersion.running(schemaVersion: nil).add(to: &current)
        #expect(try client.send(.get, "/replication/records?after=0", headers: current).status == 200)

        let wrongFile = pair.directory.file("wrong.secret")
        try "a-different-secret-0123456789".write(toFile: wrongFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrongFile)
        let standby = try pair.startStandby(secretFile: wrongFile)
        #expect(standby.waitForExit() != 0)
        pair.standby = nil
    }

    @Test func standbyWebSocketSubscriberReceivesReplicatedEvents() throws {
        guard let python = PythonWebSocketsClient.python else {
            Issue.record("python websockets unavailable: \(PythonWebSocketsClient.venv)")
            return
        }
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let token = try Self.register("subscriber", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        // Prints "subscribed" once the standby's gateway acknowledged the subscription, then "event TOPIC".
        let scriptDirectory = try TemporaryDirectory(prefix: "ws-standby")
        let subscriber = try ChildProcess(
            executable: python,
            arguments: [PythonFixtures.path("ws_subscribe_until_event.py"),
                        "ws://127.0.0.1:\(pair.standbyWebSocketPort)/ws?token=\(token)"],
            stderrPath: scriptDirectory.file("stderr"))
        #expect(subscriber.waitForOutput(timeout: .seconds(20)) { $0.contains("subscribed") })
        let client = try HTTPClient(host: "127.0.0.1", port: pair.primaryPort)
        defer { client.close() }
        let order = try client.send(.post, "/api/marketplace/orders", headers: ["authorization": "Bearer \(token)"],
                                    body: Array(#"{"resource":"wheat","side":"buy","quantity":2,"price":9}"#.utf8))
        #expect(order.status == 201 || order.status == 200)
        #expect(subscriber.waitForOutput(timeout: .seconds(30)) { $0.contains("event market:wheat") })
    }

    @Test func randomOperationsConvergeWithEqualChecksumsContentsAndVerify() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        _ = try pair.startStandby()
        try pair.waitForStandby()
        let tokens = try (0..<16).map { try Self.register("player_\($0)", port: pair.primaryPort) }
        let started = ContinuousClock.now
        try RandomGameLoad(port: pair.primaryPort, tokens: tokens).run(operations: Self.operationCount, threads: 4)
        let loadSeconds = (ContinuousClock.now - started).components.seconds
        let (primaryStatus, standbyStatus) = try pair.waitForConvergence(timeout: .seconds(300))
        #expect(standbyStatus["checksum"] as? String == primaryStatus["checksum"] as? String)
        print("convergence: \(Self.operationCount) operations in \(loadSeconds) s, log head \(primaryStatus["appliedSeq"] ?? "?")")
        try pair.stopConverged(timeout: .seconds(60))
        for dataDir in [pair.primaryDataDir, pair.standbyDataDir] {
            let verify = try ChildProcess(executable: BuiltProducts.worldgame, arguments: ["verify", "--data-dir", dataDir])
            #expect(verify.waitForExit() == 0, "verify failed on \(dataDir): \(verify.outputLines.suffix(5))")
        }
        try DatabaseComparison.expectEqual(pair.primaryDataDir + "/worldgame.db", pair.standbyDataDir + "/worldgame.db")
    }
}
