import Foundation
import HTTP
import Store
import TestSupport
import Testing

/// The fence survives a restart: an old primary that fenced itself, killed with SIGKILL and restarted while its peer
/// is unreachable, still refuses writes naming the new primary, and will not start as a standby before `rejoin`.
@Suite(.serialized) struct PersistedFenceTests {
    @Test(.timeLimit(.minutes(3))) func fencedPrimaryKilledAndRestartedWithoutItsPeerStillRefusesWrites() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let token = try ReplicationProcessTests.register("before_failover", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        _ = try pair.waitForConvergence()
        pair.primary?.send(signal: SIGKILL)
        _ = pair.primary?.waitForExit()
        let client = try HTTPClient(host: "127.0.0.1", port: pair.standbyInternalPort)
        defer { client.close() }
        let promoted = try client.send(.post, "/replication/promote", headers: OnlinePromotionTests.secretHeader)
        #expect(promoted.status == 200, "\(promoted.bodyText)")
        let newPrimary = pair.standbyInternalURL

        // The old primary comes back with its peer reachable: it fences itself at start-up and stores the fence.
        try pair.startPrimary(extra: ["--peer", newPrimary])
        try Self.expectFenced(pair, newPrimary: newPrimary, token: token)
        #expect(pair.primary?.outputLines.contains { $0.contains(#""message":"fence stored""#) } == true)
        pair.primary?.send(signal: SIGKILL)
        _ = pair.primary?.waitForExit()

        // Now the new primary is gone too: the old one must still start fenced, from its database alone.
        pair.standby?.send(signal: SIGKILL)
        _ = pair.standby?.waitForExit()
        pair.standby = nil
        try pair.startPrimary(extra: ["--peer", newPrimary])
        #expect(pair.primary?.outputLines.contains { $0.contains(#""message":"node starts fenced"#) } == true)
        try Self.expectFenced(pair, newPrimary: newPrimary, token: token)
        pair.primary?.send(signal: SIGTERM)
        _ = pair.primary?.waitForExit()
        pair.primary = nil

        let asStandby = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", pair.primaryDataDir, "--api-port", "0", "--ws-port", "0", "--internal-port", "0", "--role", "standby",
            "--peer", newPrimary, "--replication-secret-file", pair.secretFile,
        ], stderrPath: pair.directory.file("as-standby.stderr"))
        #expect(asStandby.waitForExit() != 0)
        let stderr = (try? String(contentsOfFile: pair.directory.file("as-standby.stderr"), encoding: .utf8)) ?? ""
        #expect((asStandby.outputLines.joined() + stderr).contains("worldgame rejoin"))
    }

    @Test(.timeLimit(.minutes(2))) func runningPrimaryFencedStopsItsJobsAndSchedulerAndStoresTheFence() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        // A stand-in peer: answers `GET /replication/status` as a standby in term 1 until `flag` exists, then as a
        // primary in term 7. Prints its port; exits by itself after two minutes.
        let flag = pair.directory.file("peer-is-primary")
        let stub = try ChildProcess(executable: "/usr/bin/env",
                                    arguments: ["python3", PythonFixtures.path("stub_replication_peer.py"), flag],
                                    stderrPath: pair.directory.file("stub.stderr"))
        defer { stub.send(signal: SIGKILL) }
        try #require(stub.waitForOutput(timeout: .seconds(20)) { !$0.isEmpty })
        let peer = "http://127.0.0.1:\(try #require(stub.outputLines.first.flatMap { Int($0) }))"
        try pair.startPrimary(extra: ["--peer", peer])
        let primary = try #require(pair.primary)
        #expect(primary.waitForOutput { $0.contains { $0.contains(#""message":"primary services started""#) } })
        let token = try ReplicationProcessTests.register("before_fence", port: pair.primaryPort)

        #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
        #expect(primary.waitForOutput { lines in
            lines.contains { $0.contains(#""message":"fenced node stopped its jobs, scheduler and outbox relay""#) }
        })
        let stopLine = primary.outputLines.first { $0.contains("fenced node stopped its jobs") } ?? ""
        #expect(stopLine.contains(#""stopped_in_time":true"#))
        #expect(primary.outputLines.contains { $0.contains(#""message":"fence stored""#) && $0.contains(#""fenced_term":7"#) })
        try Self.expectFenced(pair, newPrimary: peer, token: token)

        // The services stopped: `stopped_in_time:true` above means the job system's stop saw its scheduler thread
        // exit and its workers drain within the deadline (a stop during a start answers false until the start has
        // stopped what it brought up), and the workers said so.
        #expect(primary.outputLines.contains { $0.contains(#""message":"job workers stopped""#) })
    }

    /// Writes answer 503 `not_primary` naming the new primary, `/ready` answers 503 `fenced`, the status says fenced.
    static func expectFenced(_ pair: ReplicationPair, newPrimary: String, token: String) throws {
        let port = pair.primaryPort
        let write = try OnlinePromotionTests.post(port, "/api/auctions/1/bid", #"{"amount":5}"#, token: token)
        #expect(write.status == 503 && write.bodyText.contains("not_primary") && write.bodyText.contains(newPrimary),
                "\(write.bodyText)")
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        let register = try client.send(.post, "/api/auth/register", headers: ["content-type": "application/json"],
                                       body: Array(#"{"username":"after_fence","password":"password-1"}"#.utf8))
        #expect(register.status == 503 && register.bodyText.contains(newPrimary))
        let ready = try client.send(.get, "/ready")
        #expect(ready.status == 503 && ready.bodyText.contains(#""code":"fenced""#) && ready.bodyText.contains(newPrimary))
        let status = try ReplicationPair.status(port: pair.primaryInternalPort)
        #expect(status["fenced"] as? Bool == true && status["primary"] as? String == newPrimary)
    }
}
