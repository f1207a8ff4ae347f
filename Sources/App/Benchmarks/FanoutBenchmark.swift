import Dispatch
import Engine
import Foundation
import Game
import Locking
import Net
import Realtime
import Store
import Telemetry
import WebSocket

/// `worldgame bench fanout`: N WebSocket clients on 127.0.0.1 subscribed to one topic of an in-process gateway;
/// events are committed by a real `Writer` and published from its `afterCommit` action through the `EventBus` and
/// `RealtimeHub`. Measures commit-to-last-client-receipt (p50/p99 per event), commit-to-each-receipt, and RSS per
/// connection (server and client side together, from /proc/self/statm before and after connecting).
///
/// Runs on the calling thread; the server and the clients each get their own event loops (one per core).
struct FanoutBenchmark {
    var connections: Int = 10_000
    var seconds: Double
    /// Pause between one event being fully received and the next commit.
    var gap: Duration = .milliseconds(20)
    let topic = "auctions"

    func run() throws -> String {
        let fileLimit = SystemClientSocket.raiseOpenFileLimit(to: 2 * connections + 1_024)
        let clientCount = min(connections, max(1, (fileLimit - 256) / 2))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let serverLoops = try EventLoopGroup(loopCount: cores, threadNamePrefix: "fanout-server")
        let clientLoops = try EventLoopGroup(loopCount: cores, threadNamePrefix: "fanout-client")
        let directory = FileManager.default.temporaryDirectory.path + "/worldgame-fanout-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try Writer(configuration: StoreConfiguration(path: directory + "/fanout.db"))
        try writer.performAndWait { try $0.execute("CREATE TABLE fanout(id INTEGER PRIMARY KEY, at INTEGER NOT NULL)") }
        let bus = EventBus()
        let serverSide = FanoutServerSide()
        let (server, gateway) = try startGateway(loops: serverLoops, bus: bus, maxConnections: clientCount + 100,
                                                 serverSide: serverSide)
        defer {
            _ = server.shutdown(deadline: .seconds(1))
            clientLoops.shutdown()
            serverLoops.shutdown()
            writer.shutdown()
        }
        let receipts = FanoutReceipts(loopCount: clientLoops.loops.count)
        let rssBefore = Self.residentBytes()
        let setupStart = ContinuousClock.now
        try connectClients(count: clientCount, port: server.localPort, loops: clientLoops, receipts: receipts)
        let setup = ContinuousClock.now - setupStart
        let rssAfter = Self.residentBytes()
        let (commits, queued) = try publishEvents(writer: writer, bus: bus, receipts: receipts, clientCount: clientCount,
                                                  serverSide: serverSide)
        _ = gateway
        return report(commits: commits, queued: queued, receipts: receipts, clientCount: clientCount, setup: setup,
                      rssPerConnection: Double(rssAfter - rssBefore) / Double(clientCount), fileLimit: fileLimit)
    }

    private func startGateway(loops: EventLoopGroup, bus: EventBus, maxConnections: Int,
                              serverSide: FanoutServerSide) throws -> (WebSocketServer, RealtimeGateway) {
        var configuration = RealtimeConfiguration()
        configuration.authenticationDeadline = .seconds(60)
        let metrics = try RealtimeMetrics(registry: MetricsRegistry())
        let hub = RealtimeHub(configuration: configuration, metrics: metrics)
        bus.subscribe(hub.publish)
        let expiresAt = Int64(Date().timeIntervalSince1970) + 3_600
        let gateway = RealtimeGateway(
            configuration: configuration, hub: hub,
            verifier: { token in .success(RealtimeIdentity(playerID: Int64(token.dropFirst(6)) ?? 1, role: "player",
                                                           expiresAt: expiresAt)) },
            commands: RealtimeUnavailableCommands(), metrics: metrics)
        var serverConfiguration = WebSocketServerConfiguration()
        serverConfiguration.port = 0
        serverConfiguration.maxConnections = maxConnections
        serverConfiguration.handshakeTimeout = .seconds(60)
        let server = WebSocketServer(configuration: serverConfiguration, group: loops, handler: gateway) { event in
            metrics.record(event)
            if case .messageSent = event { serverSide.frameQueued() }
        }
        try server.start()
        return (server, gateway)
    }

    /// Connects in batches (the listen backlog is finite) and waits until every client is subscribed.
    private func connectClients(count: Int, port: Int, loops: EventLoopGroup, receipts: FanoutReceipts) throws {
        let batch = 500
        var opened = 0
        while opened < count {
            let end = min(count, opened + batch)
            for index in opened..<end {
                let descriptor = try SystemClientSocket.connect(host: "127.0.0.1", port: port)
                let loop = loops.next()
                let topic = self.topic
                loop.execute {
                    do {
                        _ = try FanoutClient(descriptor: descriptor, port: port, token: "bench-\(index + 1)", topic: topic,
                                             loop: loop, receipts: receipts)
                    } catch {
                        receipts.recordFailure()
                    }
                }
            }
            opened = end
            try waitUntil(timeout: .seconds(60), what: "\(opened) clients subscribed") {
                receipts.subscribedCount + receipts.failureCount >= opened
            }
        }
        guard receipts.failureCount == 0 else { throw BenchmarkError.commandsFailed(count: receipts.failureCount) }
    }

    /// Commits one event at a time and waits until every client received it; returns each seq's commit instant.
    private func publishEvents(writer: Writer, bus: EventBus, receipts: FanoutReceipts, clientCount: Int,
                               serverSide: FanoutServerSide) throws -> ([Int: ContinuousClock.Instant], [Duration]) {
        let commits = Locked<[Int: ContinuousClock.Instant]>([:])
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        let topic = self.topic
        var seq = 0
        var queued: [Duration] = []
        while ContinuousClock.now < deadline || seq < 10 {
            seq += 1
            let current = seq
            let data = Array(#"{"auctionId":1,"round":\#(current),"pad":"\#(String(repeating: "x", count: 64))"}"#.utf8)
            try writer.performAndWait { transaction in
                try transaction.run("INSERT INTO fanout(at) VALUES (?)", [current])
                transaction.afterCommit {
                    commits.withLock { $0[current] = ContinuousClock.now }
                    bus.publish([DomainEvent(topic: topic, type: "auction_updated", dataJSON: data)])
                }
            }
            try waitUntil(timeout: .seconds(30), what: "event \(current) received by every client") {
                receipts.receivedCount >= current * clientCount
            }
            if let committed = commits.withLock({ $0[current] }) { queued.append(serverSide.lastQueued - committed) }
            Thread.sleep(forTimeInterval: gap.seconds)
        }
        return (commits.withLock { $0 }, queued.sorted())
    }

    private func report(commits: [Int: ContinuousClock.Instant], queued: [Duration], receipts: FanoutReceipts, clientCount: Int,
                        setup: Duration, rssPerConnection: Double, fileLimit: Int) -> String {
        var lastReceipt: [Int: ContinuousClock.Instant] = [:]
        var every: [Duration] = []
        for (seq, instant) in receipts.all() {
            guard let committed = commits[seq] else { continue }
            every.append(instant - committed)
            if let last = lastReceipt[seq], last >= instant { continue }
            lastReceipt[seq] = instant
        }
        let perEvent = lastReceipt.compactMap { seq, instant in commits[seq].map { instant - $0 } }.sorted()
        let elapsed = Duration.seconds(seconds)
        var table = BenchTable(title: "bench fanout: \(clientCount) WebSocket clients on 127.0.0.1, one topic, "
                               + "\(perEvent.count) committed events, \(seconds)s", unit: "msg")
        table.add("commit -> last client", LatencySummary(count: perEvent.count, elapsed: elapsed, sortedSamples: perEvent))
        table.add("commit -> last frame queued", LatencySummary(count: queued.count, elapsed: elapsed, sortedSamples: queued))
        table.add("commit -> each client", LatencySummary(count: every.count, elapsed: elapsed, sortedSamples: every.sorted()))
        let p99 = LatencySummary.percentile(0.99, of: perEvent)
        var text = table.render()
        text += "ratio last-client p99 / 50 ms goal: " + String(format: "%.2fx", p99.seconds / 0.050) + " (goal <= 1.00x)\n"
        text += "connect+subscribe: \(clientCount) clients in " + String(format: "%.2f s", setup.seconds) + "\n"
        text += "RSS per connection (server + client side, this process): "
            + String(format: "%.1f KiB", rssPerConnection / 1_024) + "\n"
        if clientCount < connections {
            text += "note: only \(clientCount) of \(connections) connections (open-file limit \(fileLimit))\n"
        }
        return text
    }

    private func waitUntil(timeout: Duration, what: String, _ condition: () -> Bool) throws {
        let end = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < end else { throw BenchmarkError.loadGeneratorFailed("timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.0005)
        }
    }

    /// Resident set size from /proc/self/statm (pages × 4 KiB); 0 where unavailable.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * 4_096
    }
}
