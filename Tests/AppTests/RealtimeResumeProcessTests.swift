@testable import App
import Foundation
import HTTP
import Realtime
import Store
import Testing
import TestSupport

/// `resume` against real `worldgame serve` processes: a client's last event, then a node restart (kill -9, same data
/// dir) or a promotion of the standby, then `resume` on the node that now serves. The client must get exactly the
/// events it missed (checked against the durable log of the node it resumed on) or `resync`, never a silent gap.
@Suite(.serialized) struct RealtimeResumeProcessTests {
    /// One `event` a client received.
    struct ReceivedEvent: Equatable, CustomStringConvertible {
        let seq: Int64
        let event: String
        let orderID: Int64?
        var description: String { "\(seq):\(event):\(orderID.map(String.init) ?? "-")" }
    }

    /// A node process and its ports (the internal listener serves the replication routes).
    struct ServedNode {
        let child: ChildProcess
        let apiPort: Int
        let internalPort: Int
        let webSocketPort: Int
    }

    static func serve(_ arguments: [String], stderrPath: String) throws -> ServedNode {
        let child = try ChildProcess(executable: BuiltProducts.worldgame,
                                     arguments: ["serve", "--api-port", "0", "--ws-port", "0", "--internal-port", "0",
                                                 "--loops", "1", "--password-iterations", "1000"] + arguments,
                                     stderrPath: stderrPath)
        let ports = try #require(child.waitForServedPorts(), "node did not start: \(child.outputLines.suffix(5))")
        return ServedNode(child: child, apiPort: ports.api, internalPort: try #require(ports.internalListener),
                          webSocketPort: try #require(ports.webSocket))
    }

    /// Registers a player; returns its token.
    static func register(_ name: String, on node: ServedNode) throws -> String {
        let client = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { client.close() }
        let response = try client.send(.post, "/api/auth/register", headers: ["content-type": "application/json"],
                                       body: Array(#"{"username":"\#(name)","password":"password-\#(name)"}"#.utf8))
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return try #require(body?["token"] as? String, "register: \(response.status) \(response.bodyText)")
    }

    /// Places a resting buy order for one wheat at `price` (far below any seller); returns its id.
    static func placeOrder(price: Int, token: String, on node: ServedNode) throws -> Int64 {
        let client = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { client.close() }
        let response = try client.send(.post, "/api/marketplace/orders",
                                       headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                                       body: Array(#"{"resource":"wheat","side":"buy","quantity":1,"price":\#(price)}"#.utf8))
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let order = (body?["order"] as? [String: Any]) ?? body
        return try #require((order?["id"] as? NSNumber)?.int64Value, "order: \(response.status) \(response.bodyText)")
    }

    /// Resumes a client from `fromSeq` until it saw `untilOrder`'s event, then stops the node (SIGTERM, exit 0);
    /// returns what the client received.
    static func resumeThenStop(_ directory: TemporaryDirectory, node: ServedNode, token: String, fromSeq: Int64,
                               untilOrder: Int64) throws -> [[String: Any]] {
        let resumer = try startClient(directory, name: "resume", node: node, token: token, mode: "resume",
                                      fromSeq: fromSeq, untilOrder: untilOrder)
        #expect(resumer.waitForExit() == 0, "\(resumer.outputLines.suffix(3))")
        node.child.send(signal: SIGTERM)
        #expect(node.child.waitForExit() == 0)
        return messages(of: resumer)
    }

    /// Starts the Python client (`realtime_resume_client.py`): `subscribe` (prints `ready` once subscribed) or
    /// `resume` from `fromSeq`; prints every message as one JSON line and exits once an event for order `untilOrder` or
    /// a `resync` arrived (deadline 40 s).
    static func startClient(_ directory: TemporaryDirectory, name: String, node: ServedNode, token: String,
                            mode: String, fromSeq: Int64, untilOrder: Int64) throws -> ChildProcess {
        let python = try #require(PythonWebSocketsClient.python, "python websockets unavailable")
        return try ChildProcess(executable: python, arguments: [
            PythonFixtures.path("realtime_resume_client.py"), "ws://127.0.0.1:\(node.webSocketPort)/ws?token=\(token)", mode, "market:wheat", String(fromSeq),
            String(untilOrder),
        ], stderrPath: directory.file("\(name).stderr"))
    }

    /// The messages a finished client printed, as JSON objects.
    static func messages(of client: ChildProcess) -> [[String: Any]] {
        client.outputLines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    static func events(_ messages: [[String: Any]]) -> [ReceivedEvent] {
        messages.filter { $0["type"] as? String == "event" }.map { message in
            ReceivedEvent(seq: (message["seq"] as? NSNumber)?.int64Value ?? -1, event: message["event"] as? String ?? "",
                          orderID: ((message["data"] as? [String: Any])?["orderId"] as? NSNumber)?.int64Value)
        }
    }

    /// The events of `market:wheat` after `fromSeq` that the node's durable log holds, numbered as the hub numbers them.
    static func loggedEvents(dataDir: String, after fromSeq: Int64) throws -> [ReceivedEvent] {
        let connection = try Connection(configuration: StoreConfiguration(path: DataDirectory.databasePath(in: dataDir)),
                                        readOnly: true)
        defer { connection.close() }
        let history = try RealtimeEventFeed.loadHistory(recordCount: 1_000_000, in: connection)
        var result: [ReceivedEvent] = []
        for batch in history.batches {
            for (index, event) in batch.events.filter({ $0.topic == "market:wheat" }).enumerated() {
                let seq = RealtimeSeq.encode(batch.position, index: Int64(index))
                guard seq > fromSeq else { continue }
                let data = try JSONSerialization.jsonObject(with: Data(event.dataJSON)) as? [String: Any]
                result.append(ReceivedEvent(seq: seq, event: event.type,
                                            orderID: (data?["orderId"] as? NSNumber)?.int64Value))
            }
        }
        return result
    }

    /// `events` up to and including the event of order `orderID` (the client leaves once it has it).
    static func through(_ events: [ReceivedEvent], order orderID: Int64) -> [ReceivedEvent] {
        guard let last = events.firstIndex(where: { $0.orderID == orderID }) else { return events }
        return Array(events[...last])
    }

    /// Subscribes a client, places an order, and returns the seq of the last event the client saw (it then leaves).
    static func lastSeenSeq(_ directory: TemporaryDirectory, node: ServedNode, token: String, price: Int) throws
        -> (seq: Int64, orderID: Int64) {
        var placed: Int64 = -1
        let client = try startClient(directory, name: "first", node: node, token: token, mode: "subscribe", fromSeq: 0,
                                     untilOrder: -1)
        try #require(client.waitForOutput(timeout: .seconds(30)) { $0.contains("ready") }, "\(client.outputLines)")
        placed = try placeOrder(price: price, token: token, on: node)
        #expect(client.waitForOutput(timeout: .seconds(30)) { lines in
            lines.contains { $0.contains(#""orderId":\#(placed),"#) }
        })
        client.send(signal: SIGTERM)
        _ = client.waitForExit()
        let seen = events(messages(of: client))
        return (try #require(seen.map(\.seq).max(), "no event seen: \(client.outputLines)"), placed)
    }

    @Test(.timeLimit(.minutes(4)))
    func resumeAfterAKillAndRestartReplaysExactlyTheMissedEvents() throws {
        let directory = try TemporaryDirectory(prefix: "resume-restart")
        let dataDir = directory.file("data")
        var node = try Self.serve(["--data-dir", dataDir], stderrPath: directory.file("node.stderr"))
        let token = try Self.register("resumer", on: node)
        let (lastSeen, first) = try Self.lastSeenSeq(directory, node: node, token: token, price: 1)
        let missedBeforeRestart = [try Self.placeOrder(price: 2, token: token, on: node),
                                   try Self.placeOrder(price: 3, token: token, on: node)]
        node.child.send(signal: SIGKILL)
        _ = node.child.waitForExit()

        node = try Self.serve(["--data-dir", dataDir], stderrPath: directory.file("node2.stderr"))
        let afterRestart = try Self.placeOrder(price: 4, token: token, on: node)
        let messages = try Self.resumeThenStop(directory, node: node, token: token, fromSeq: lastSeen,
                                               untilOrder: afterRestart)
        #expect(!messages.contains { $0["type"] as? String == "resync" },
                "the restarted node reloaded the log: this client missed few events and needs no resync")
        let received = Self.events(messages)
        #expect(received == Self.through(try Self.loggedEvents(dataDir: dataDir, after: lastSeen), order: afterRestart),
                "exactly the missed events")
        let ours = Set([first, afterRestart] + missedBeforeRestart)
        #expect(received.compactMap(\.orderID).filter(ours.contains) == missedBeforeRestart + [afterRestart])
        #expect(received.map(\.seq) == received.map(\.seq).sorted() && Set(received.map(\.seq)).count == received.count)
    }

    @Test(.timeLimit(.minutes(4)))
    func resumeOnThePromotedStandbyReplaysExactlyTheMissedEvents() throws {
        let directory = try TemporaryDirectory(prefix: "resume-promote")
        let secret = directory.file("replication.secret")
        let jwt = directory.file("jwt.key")
        try "pair-secret-0123456789abcdef\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try String(repeating: "cd", count: 32).write(toFile: jwt, atomically: true, encoding: .utf8)
        for file in [secret, jwt] { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
        let shared = ["--secret-file", jwt, "--replication-secret-file", secret]
        let primary = try Self.serve(["--data-dir", directory.file("primary")] + shared,
                                     stderrPath: directory.file("primary.stderr"))
        let standby = try Self.serve(["--data-dir", directory.file("standby"), "--role", "standby",
                                      "--peer", "http://127.0.0.1:\(primary.internalPort)"] + shared,
                                     stderrPath: directory.file("standby.stderr"))
        let token = try Self.register("failover", on: primary)
        let (lastSeen, first) = try Self.lastSeenSeq(directory, node: primary, token: token, price: 1)
        let missedOnPrimary = try Self.placeOrder(price: 2, token: token, on: primary)
        try Self.waitForStandby(primaryDataDir: directory.file("primary"), standbyDataDir: directory.file("standby"))
        primary.child.send(signal: SIGKILL)
        _ = primary.child.waitForExit()

        let client = try HTTPClient(host: "127.0.0.1", port: standby.internalPort)
        let promoted = try client.send(.post, "/replication/promote",
                                       headers: ["authorization": "Bearer pair-secret-0123456789abcdef"])
        client.close()
        try #require(promoted.status == 200, "promote: \(promoted.bodyText)")
        let afterPromotion = try Self.placeOrder(price: 3, token: token, on: standby)
        let messages = try Self.resumeThenStop(directory, node: standby, token: token, fromSeq: lastSeen,
                                               untilOrder: afterPromotion)
        #expect(!messages.contains { $0["type"] as? String == "resync" }, "the standby numbered events as the primary did")
        let received = Self.events(messages)
        #expect(received == Self.through(try Self.loggedEvents(dataDir: directory.file("standby"), after: lastSeen),
                                         order: afterPromotion))
        let ours: Set<Int64> = [first, missedOnPrimary, afterPromotion]
        #expect(received.compactMap(\.orderID).filter(ours.contains) == [missedOnPrimary, afterPromotion])
    }

    /// Waits (deadline 60 s) until the standby's log reaches the primary's committed head.
    static func waitForStandby(primaryDataDir: String, standbyDataDir: String) throws {
        let caughtUp = waitUntil(.seconds(60), interval: .milliseconds(50)) {
            let head = try committedHead(primaryDataDir)
            return try head > 0 && committedHead(standbyDataDir) >= head
        }
        if !caughtUp { Issue.record("the standby did not catch up") }
    }

    static func committedHead(_ dataDir: String) throws -> Int64 {
        let connection = try Connection(configuration: StoreConfiguration(path: DataDirectory.databasePath(in: dataDir)),
                                        readOnly: true)
        defer { connection.close() }
        return try connection.queryOne("SELECT coalesce(max(seq), 0) AS head FROM replication_log")?.int64("head") ?? 0
    }
}
