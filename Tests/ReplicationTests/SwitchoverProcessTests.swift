import Foundation
import HTTP
import Store
import TestSupport
import Testing

/// `worldgame switchover` against real `worldgame serve` processes on 127.0.0.1: the role moves to the standby with
/// nothing lost, the old primary follows it without a rewind, its WebSocket clients get 1012 and `resume` on the new
/// primary; a standby that is behind, unreachable or refuses leaves the primary primary and taking writes; a primary
/// killed in the middle (after it stored its step-down) restarts safely.
@Suite(.serialized) struct SwitchoverProcessTests {
    static let secret = "pair-secret-0123456789abcdef"

    /// Runs `worldgame switchover ARGUMENTS --replication-secret-file` and returns its exit status and output.
    static func switchover(_ pair: ReplicationPair, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let stderrPath = pair.directory.file("switchover-\(UUID().uuidString).stderr")
        let child = try ChildProcess(executable: BuiltProducts.worldgame,
                                     arguments: ["switchover", "--replication-secret-file", pair.secretFile] + arguments,
                                     stderrPath: stderrPath)
        let status = child.waitForExit()
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (status, child.outputLines.joined(separator: "\n") + stderr)
    }

    static func register(_ name: String, port: Int) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        return try client.send(.post, "/api/auth/register", headers: ["content-type": "application/json"],
                               body: Array(#"{"username":"\#(name)","password":"password-\#(name)"}"#.utf8))
    }

    static func placeOrder(price: Int, token: String, port: Int) throws -> Int64 {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        let response = try client.send(.post, "/api/marketplace/orders",
                                       headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                                       body: Array(#"{"resource":"wheat","side":"buy","quantity":1,"price":\#(price)}"#.utf8))
        let body = ReplicationProcessTests.json(response)
        let order = (body["order"] as? [String: Any]) ?? body
        return try #require((order["id"] as? NSNumber)?.int64Value, "order: \(response.status) \(response.bodyText)")
    }

    static func messages(_ child: ChildProcess) -> [[String: Any]] {
        child.outputLines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    @Test(.timeLimit(.minutes(4))) func switchoverMovesTheRoleAndTheOldPrimaryFollowsWithoutRewind() throws {
        let python = try #require(PythonWebSocketsClient.python, "python websockets unavailable")
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        let trader = try ReplicationProcessTests.register("trader", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        // Each node names the other as --peer, as on two VMs: the primary restarts in place with the standby's URL.
        let first = try #require(pair.primary)
        first.send(signal: SIGTERM)
        _ = first.waitForExit()
        try pair.startPrimary(extra: ["--peer", pair.standbyInternalURL], apiPort: pair.primaryPort,
                              internalPort: pair.primaryInternalPort)
        _ = try pair.waitForConvergence()

        // A WebSocket client of the primary, subscribed to market:wheat, sees one event before the switchover.
        let socket = try ChildProcess(executable: python, arguments: [
            PythonFixtures.path("ws_until_close.py"), "ws://127.0.0.1:\(pair.primaryWebSocketPort)/ws?token=\(trader)",
            "market:wheat",
        ], stderrPath: pair.directory.file("socket.stderr"))
        defer { socket.send(signal: SIGKILL) }
        try #require(socket.waitForOutput { $0.contains("ready") }, "the socket client did not subscribe")
        let firstOrder = try Self.placeOrder(price: 1, token: trader, port: pair.primaryPort)
        try #require(socket.waitForOutput { lines in lines.contains { $0.contains(#""orderId":\#(firstOrder)"#) } })
        let seen: [Int64] = Self.messages(socket).compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        let lastSeq = try #require(seen.max())
        for index in 0..<5 { #expect(try Self.register("before_\(index)", port: pair.primaryPort).status == 201) }

        // Run from the standby's side: the command finds the primary through the standby's status.
        let result = try Self.switchover(pair, ["--url", pair.standbyInternalURL])
        #expect(result.status == 0 && result.output.contains("switched over"), "\(result.output)")
        #expect(result.output.contains("write pause"), "\(result.output)")

        // The old primary's socket is closed with 1012 "service restart", naming the switchover.
        #expect(socket.waitForOutput { lines in lines.contains { $0.contains(#""type":"closed""#) } })
        let closed = Self.messages(socket).first { $0["type"] as? String == "closed" } ?? [:]
        #expect((closed["code"] as? NSNumber)?.intValue == 1012, "\(closed)")
        #expect((closed["reason"] as? String)?.contains("switchover") == true, "\(closed)")

        let newPrimary = try ReplicationPair.status(port: pair.standbyInternalPort)
        let oldPrimary = try ReplicationPair.status(port: pair.primaryInternalPort)
        #expect(newPrimary["role"] as? String == "primary" && newPrimary["term"] as? Int == 2, "\(newPrimary)")
        #expect(oldPrimary["role"] as? String == "standby" && oldPrimary["fenced"] == nil, "\(oldPrimary)")
        #expect(oldPrimary["primary"] as? String == pair.standbyInternalURL, "\(oldPrimary)")

        // Writes: the old primary refuses them naming the new one; the new one takes them; its jobs run.
        let refused = try Self.register("refused", port: pair.primaryPort)
        #expect(refused.status == 503 && refused.bodyText.contains("not_primary"), "\(refused.bodyText)")
        for index in 0..<5 { #expect(try Self.register("after_\(index)", port: pair.standbyPort).status == 201) }
        #expect(pair.standby?.waitForOutput { lines in
            lines.contains { $0.contains(#""message":"primary services started""#) }
        } == true)
        let secondOrder = try Self.placeOrder(price: 2, token: trader, port: pair.standbyPort)

        // `resume` on the new primary from the last seq seen on the old one replays what was missed.
        let resumed = try ChildProcess(executable: python, arguments: [
            PythonFixtures.path("realtime_resume_client.py"),
            "ws://127.0.0.1:\(pair.standbyWebSocketPort)/ws?token=\(trader)", "resume", "market:wheat", String(lastSeq),
            String(secondOrder),
        ], stderrPath: pair.directory.file("resume.stderr"))
        #expect(resumed.waitForExit() == 0)
        let replayed = Self.messages(resumed)
        #expect(!replayed.contains { $0["type"] as? String == "resync" }, "\(replayed)")
        #expect(replayed.contains { message in
            ((message["data"] as? [String: Any])?["orderId"] as? NSNumber)?.int64Value == secondOrder
        }, "\(replayed)")

        // The old primary follows from the head it stored: same log, same checksum, nothing rewound or bootstrapped.
        let converged = waitUntil(.seconds(30), interval: .milliseconds(50)) {
            let primary = try ReplicationPair.status(port: pair.standbyInternalPort)
            let standby = try ReplicationPair.status(port: pair.primaryInternalPort)
            return primary["appliedSeq"] as? Int == standby["appliedSeq"] as? Int
                && primary["checksum"] as? String == standby["checksum"] as? String
        }
        #expect(converged, "the old primary did not catch up with the new one")
        let oldLines = pair.primary?.outputLines ?? []
        #expect(oldLines.contains { $0.contains(#""message":"switchover done: this node follows the new primary""#) })
        #expect(!oldLines.contains { $0.contains("bootstrap") || $0.contains("rejoin") || $0.contains("fenced") })

        // And back, from the other side: the original primary takes the role again in term 3 and restarts its jobs.
        let back = try Self.switchover(pair, ["--url", pair.primaryInternalURL])
        #expect(back.status == 0, "\(back.output)")
        let original = try ReplicationPair.status(port: pair.primaryInternalPort)
        #expect(original["role"] as? String == "primary" && original["term"] as? Int == 3, "\(original)")
        #expect(pair.primary?.waitForOutput { lines in
            lines.filter { $0.contains(#""message":"primary services started""#) }.count == 2
        } == true, "the original primary's services did not start again")
        #expect(try Self.register("back_again", port: pair.primaryPort).status == 201)
        _ = try pair.waitForConvergence()
        for name in (0..<5).map({ "before_\($0)" }) + (0..<5).map({ "after_\($0)" }) + ["back_again"] {
            for dataDir in [pair.primaryDataDir, pair.standbyDataDir] {
                let connection = try Connection(configuration: StoreConfiguration(path: dataDir + "/worldgame.db"),
                                                readOnly: true)
                defer { connection.close() }
                let found = try connection.queryOne("SELECT count(*) AS n FROM players WHERE username = ?", [name])
                #expect(try found?.int64("n") == 1, "\(name) missing in \(dataDir)")
            }
        }
    }

    /// Starts the stand-in standby (`stub_switchover_standby.py` in `mode`) and a primary whose `--peer` is it.
    static func startWithStandIn(_ pair: ReplicationPair, mode: String) throws -> ChildProcess {
        let primaryFile = pair.directory.file("primary-address")
        let stub = try ChildProcess(executable: "/usr/bin/env", arguments: [
            "python3", PythonFixtures.path("stub_switchover_standby.py"), primaryFile, secret, mode,
        ], stderrPath: pair.directory.file("stub.stderr"))
        try #require(stub.waitForOutput(timeout: .seconds(20)) { !$0.isEmpty })
        let peer = "http://127.0.0.1:\(try #require(stub.outputLines.first.flatMap { Int($0) }))"
        try pair.startPrimary(extra: ["--peer", peer])
        try "127.0.0.1:\(pair.primaryInternalPort)".write(toFile: primaryFile, atomically: true, encoding: .utf8)
        #expect(pair.primary?.waitForOutput { $0.contains { $0.contains(#""message":"primary services started""#) } } == true)
        return stub
    }

    /// The node at the pair's primary ports is primary in term 1 and takes writes.
    static func expectStillPrimary(_ pair: ReplicationPair, name: String) throws {
        let status = try ReplicationPair.status(port: pair.primaryInternalPort)
        #expect(status["role"] as? String == "primary" && status["term"] as? Int == 1, "\(status)")
        let written = try register(name, port: pair.primaryPort)
        #expect(written.status == 201, "\(written.bodyText)")
    }

    @Test(.timeLimit(.minutes(2))) func aStandbyBehindOrUnreachableAbortsAndThePrimaryKeepsWriting() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let stub = try Self.startWithStandIn(pair, mode: "silent")
        defer { stub.send(signal: SIGKILL) }
        _ = try Self.register("first", port: pair.primaryPort)

        let behind = try Self.switchover(pair, ["--url", pair.primaryInternalURL, "--catch-up-timeout-ms", "300"])
        #expect(behind.status != 0 && behind.output.contains("standby_behind"), "\(behind.output)")
        #expect(behind.output.contains("stays primary"), "\(behind.output)")
        try Self.expectStillPrimary(pair, name: "after_behind")

        stub.send(signal: SIGKILL)
        _ = stub.waitForExit()
        let unreachable = try Self.switchover(pair, ["--url", pair.primaryInternalURL])
        #expect(unreachable.status != 0 && unreachable.output.contains("peer_unreachable"), "\(unreachable.output)")
        try Self.expectStillPrimary(pair, name: "after_unreachable")
    }

    @Test(.timeLimit(.minutes(2))) func aRefusedHandoffGivesThePrimaryItsRoleBack() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let stub = try Self.startWithStandIn(pair, mode: "refuse")
        defer { stub.send(signal: SIGKILL) }
        _ = try Self.register("first", port: pair.primaryPort)

        let refused = try Self.switchover(pair, ["--url", pair.primaryInternalURL])
        #expect(refused.status != 0 && refused.output.contains("handoff_refused"), "\(refused.output)")
        #expect(stub.outputLines.contains { $0.hasPrefix("handoff /replication/handoff?term=1&seq=") })
        try Self.expectStillPrimary(pair, name: "after_refusal")
        // It stepped down, then stored the primary role back and started its services again.
        let lines = pair.primary?.outputLines ?? []
        #expect(lines.contains { $0.contains(#""message":"switchover stepped down: role standby stored""#) })
        #expect(pair.primary?.waitForOutput { lines in
            lines.filter { $0.contains(#""message":"primary services started""#) }.count == 2
        } == true)
        let connection = try Connection(configuration: StoreConfiguration(path: pair.primaryDataDir + "/worldgame.db"),
                                        readOnly: true)
        defer { connection.close() }
        #expect(try connection.queryOne("SELECT role FROM replication_node")?.string("role") == "primary")
    }

    @Test(.timeLimit(.minutes(2))) func aPrimaryKilledAfterItsStepDownRestartsWithEveryWrite() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let stub = try Self.startWithStandIn(pair, mode: "hang")
        defer { stub.send(signal: SIGKILL) }
        for index in 0..<3 { #expect(try Self.register("kept_\(index)", port: pair.primaryPort).status == 201) }

        let command = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "switchover", "--replication-secret-file", pair.secretFile, "--url", pair.primaryInternalURL,
        ], stderrPath: pair.directory.file("hung-switchover.stderr"))
        defer { command.send(signal: SIGKILL) }
        // The handoff is in flight: the primary stored its step-down and waits for the stand-in's answer.
        try #require(stub.waitForOutput { $0.contains { $0.hasPrefix("handoff ") } }, "no handoff arrived")
        let primary = try #require(pair.primary)
        primary.send(signal: SIGKILL)
        _ = primary.waitForExit()
        pair.primary = nil

        // What it stored: a standby in the same term at its head, with no fence; nothing to rewind.
        let path = pair.primaryDataDir + "/worldgame.db"
        try {
            let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
            defer { connection.close() }
            let row = try #require(try connection.queryOne(
                "SELECT role, term, applied_seq, fenced_term FROM replication_node WHERE id = 1"))
            let head = try connection.queryOne("SELECT max(seq) AS seq FROM replication_log")?.int64("seq")
            #expect(try row.string("role") == "standby" && row.int64("term") == 1 && row.int64("fenced_term") == 0)
            #expect(try row.int64("applied_seq") == head)
        }()

        // Restarted as primary it refuses (the role moved or may have), naming the way back.
        let refusedStart = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", pair.primaryDataDir, "--api-port", "0", "--ws-port", "0", "--internal-port", "0",
            "--secret-file", pair.jwtFile, "--replication-secret-file", pair.secretFile,
        ], stderrPath: pair.directory.file("refused-start.stderr"))
        #expect(refusedStart.waitForExit() != 0)
        let refusal = (try? String(contentsOfFile: pair.directory.file("refused-start.stderr"), encoding: .utf8)) ?? ""
        #expect((refusal + refusedStart.outputLines.joined()).contains("worldgame promote"), "\(refusal)")

        // The switchover did not complete (the stand-in never promoted): the operator promotes it back; every
        // acknowledged write is there.
        let promote = try ChildProcess(executable: BuiltProducts.worldgame,
                                       arguments: ["promote", "--data-dir", pair.primaryDataDir])
        #expect(promote.waitForExit() == 0)
        try pair.startPrimary()
        for index in 0..<3 {
            let login = try HTTPClient(host: "127.0.0.1", port: pair.primaryPort)
            defer { login.close() }
            let response = try login.send(.post, "/api/auth/login", headers: ["content-type": "application/json"],
                                          body: Array(#"{"username":"kept_\#(index)","password":"password-kept_\#(index)"}"#.utf8))
            #expect(response.status == 200, "kept_\(index): \(response.bodyText)")
        }
        #expect(try Self.register("after_restart", port: pair.primaryPort).status == 201)
    }
}
