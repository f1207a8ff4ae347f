import Foundation
import HTTP
import Replication
import TestSupport
import Testing

/// Replication and `/metrics` live on the internal listener only. Two real processes on 127.0.0.1: the
/// public API port answers every replication route (with and without the pair's secret) and `/metrics` with the
/// ordinary 404 `not_found`, the internal port serves them, and the standby replicates through the primary's internal
/// listener (and cannot through its public port).
@Suite(.serialized) struct InternalListenerTests {
    static let secret: HTTPHeaders = ["authorization": "Bearer pair-secret-0123456789abcdef"]

    /// Every replication route, as a client would call it.
    static let replicationRequests: [(method: HTTPMethod, target: String)] = [
        (.get, "/replication/status"), (.get, "/replication/records?after=0&wait_ms=0"),
        (.post, "/replication/snapshots"), (.get, "/replication/snapshots/0123456789abcdef?offset=0&length=16"),
        (.delete, "/replication/snapshots/0123456789abcdef"), (.post, "/replication/promote"),
    ]

    @Test(.timeLimit(.minutes(3))) func publicListenerHidesReplicationAndMetricsWhileTheInternalOneServesThem() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let token = try ReplicationProcessTests.register("edge_player", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        _ = try ReplicationProcessTests.register("edge_player_late", port: pair.primaryPort)
        let (primaryStatus, standbyStatus) = try pair.waitForConvergence()
        #expect(standbyStatus["checksum"] as? String == primaryStatus["checksum"] as? String)
        let standbyLog = pair.standby?.outputLines.joined(separator: "\n") ?? ""
        #expect(!standbyLog.contains(#""level":"error""#), "the standby logged an error while following")

        for (node, publicPort, internalPort) in [("primary", pair.primaryPort, pair.primaryInternalPort),
                                                 ("standby", pair.standbyPort, pair.standbyInternalPort)] {
            #expect(publicPort != internalPort)
            let api = try HTTPClient(host: "127.0.0.1", port: publicPort)
            defer { api.close() }
            for (method, target) in Self.replicationRequests {
                for headers in [HTTPHeaders(), Self.secret] {
                    let answer = try api.send(method, target, headers: headers)
                    #expect(answer.status == 404 && answer.bodyText.contains(#""code":"not_found""#),
                            "\(node) public \(method.rawValue) \(target): \(answer.status) \(answer.bodyText)")
                }
            }
            let publicMetrics = try api.send(.get, "/metrics")
            #expect(publicMetrics.status == 404 && publicMetrics.bodyText.contains(#""code":"not_found""#))
            #expect(try api.send(.get, "/health").status == 200)
            #expect(try api.send(.get, "/ready").status == 200)
            #expect(try api.send(.get, "/api/me", headers: ["authorization": "Bearer \(token)"]).status == 200)
            #expect(try api.send(.get, "/").status == 200, "the web client stays on the public listener")

            let internalClient = try HTTPClient(host: "127.0.0.1", port: internalPort)
            defer { internalClient.close() }
            let metrics = try internalClient.send(.get, "/metrics")
            #expect(metrics.status == 200 && metrics.bodyText.contains("worldgame_writer_queue_depth"), "\(node) metrics")
            #expect(metrics.bodyText.contains(#"route="/replication/records""#) == (node == "primary"),
                    "the standby's polls are counted on the primary")
            #expect(try internalClient.send(.get, "/health").status == 200)
            #expect(try internalClient.send(.get, "/ready").status == 200)
            #expect(try internalClient.send(.get, "/replication/status").status == 200)
            #expect(try internalClient.send(.get, "/replication/records?after=0").status == 401, "the secret still guards it")
            #expect(try internalClient.send(.get, "/api/me", headers: ["authorization": "Bearer \(token)"]).status == 404,
                    "the game API is not on the internal listener")
            #expect(try internalClient.send(.get, "/").status == 404, "the web client is not on the internal listener")
        }
        let internalClient = try HTTPClient(host: "127.0.0.1", port: pair.primaryInternalPort)
        defer { internalClient.close() }
        var current = Self.secret
        NodeVersion.running(schemaVersion: nil).add(to: &current)
        let records = try internalClient.send(.get, "/replication/records?after=0&wait_ms=0", headers: current)
        #expect(records.status == 200 && !records.body.isEmpty)
    }

    /// A standby pointed at the primary's public API port cannot bootstrap (404) and says so.
    @Test(.timeLimit(.minutes(2))) func standbyPointedAtThePublicPortCannotReplicate() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let standby = try pair.startStandby(peer: "http://127.0.0.1:\(pair.primaryPort)")
        #expect(standby.waitForExit() != 0)
        pair.standby = nil
        let stderr = (try? String(contentsOfFile: pair.directory.file("standby.stderr"), encoding: .utf8)) ?? ""
        #expect((standby.outputLines.joined() + stderr).contains("not_found"), "\(stderr)")
    }
}
