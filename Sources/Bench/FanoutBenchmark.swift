import Clocks
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
/// `RealtimeHub`. The clients run in a child process (`bench fanout-clients`, see `FanoutClientProcess`) on their own
/// event loops, so they do not share the server's threads; both sides stamp instants with `SystemMonotonicClock`.
/// Measures, per event, commit to the first, median, p99 and last client's receipt (p50/p99 over the events), commit
/// to the last frame queued by the server, and resident memory per connection (server RSS delta / connections).
///
/// Runs on the calling thread; the server gets its own event loops (one per core).
struct FanoutBenchmark {
    var connections: Int = 10_000
    var seconds: Double
    /// At least this many events are published, however short `seconds` is.
    var minimumEvents = 50
    /// Pause between one event being fully received and the next commit.
    var gap: Duration = .milliseconds(20)
    let topic = "auctions"

    /// One published event: its commit instant, the receipts the clients reported, when the server queued its last frame.
    struct Sample {
        var committed: Int64
        var receipts: FanoutReceipts.Summary
        var lastQueued: Int64
    }

    func run() throws -> String {
        let fileLimit = SystemClientSocket.raiseOpenFileLimit(to: connections + 1_024)
        let clientCount = min(connections, max(1, fileLimit - 256))
        let serverLoops = try EventLoopGroup(loopCount: ProcessInfo.processInfo.activeProcessorCount,
                                             threadNamePrefix: "fanout-server")
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
            serverLoops.shutdown()
            writer.shutdown()
        }
        let rssBefore = Self.residentBytes()
        let setupStart = ContinuousClock.now
        let child = try FanoutClientsChild(port: server.localPort, clients: clientCount)
        defer { child.stop() }
        let ready = try child.nextLine(timeout: .seconds(300), waitingFor: "\(clientCount) clients to subscribe")
        guard ready.count == 3, ready[0] == "ready", let clientBytes = Int(ready[2]) else {
            throw BenchmarkError.loadGeneratorFailed("unexpected line from the client process: "
                                                     + ready.joined(separator: " "))
        }
        let setup = ContinuousClock.now - setupStart
        let serverBytes = Self.residentBytes() - rssBefore
        let childProcess = "\(child.processIdentifier)"
        let cpuBefore = (server: Self.cpuSeconds(process: "self"), clients: Self.cpuSeconds(process: childProcess))
        let samples = try publishEvents(writer: writer, bus: bus, child: child, clientCount: clientCount,
                                        serverSide: serverSide)
        let cpu = (server: Self.cpuSeconds(process: "self") - cpuBefore.server,
                   clients: Self.cpuSeconds(process: childProcess) - cpuBefore.clients)
        _ = gateway
        var text = report(samples: samples, clientCount: clientCount)
        text += "connect+subscribe: \(clientCount) clients in " + String(format: "%.2f s", setup.seconds) + "\n"
        let perConnection = { (bytes: Int) in String(format: "%.1f KiB", Double(bytes) / Double(clientCount) / 1_024) }
        text += "RSS per connection: server \(perConnection(serverBytes)) (RSS delta / connections), "
            + "client process \(perConnection(clientBytes))\n"
        let perEvent = { (seconds: Double) in String(format: "%.1f ms", seconds * 1_000 / Double(samples.count)) }
        text += "CPU per event (user+system, /proc): server \(perEvent(cpu.server)), client process "
            + "\(perEvent(cpu.clients)) (\(ProcessInfo.processInfo.activeProcessorCount) cores)\n"
        if clientCount < connections {
            text += "note: only \(clientCount) of \(connections) connections (open-file limit \(fileLimit))\n"
        }
        return text
    }

    private func startGateway(loops: EventLoopGroup, bus: EventBus, maxConnections: Int,
                              serverSide: FanoutServerSide) throws -> (WebSocketServer, RealtimeGateway) {
        var configuration = RealtimeConfiguration()
        configuration.authenticationDeadline = .seconds(60)
        let metrics = try RealtimeMetrics(registry: MetricsRegistry())
        let hub = RealtimeHub(configuration: configuration, metrics: metrics)
        bus.subscribe(hub.publish)
        let expiresAt = SystemClock().now.seconds + 3_600
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

    /// Commits one event at a time and waits until the client process reports that every client received it.
    private func publishEvents(writer: Writer, bus: EventBus, child: FanoutClientsChild, clientCount: Int,
                               serverSide: FanoutServerSide) throws -> [Sample] {
        let committed = Locked<Int64>(0)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        let topic = self.topic
        var samples: [Sample] = []
        while ContinuousClock.now < deadline || samples.count < minimumEvents {
            let seq = samples.count + 1
            let data = Array(#"{"auctionId":1,"round":\#(seq),"pad":"\#(String(repeating: "x", count: 64))"}"#.utf8)
            try writer.performAndWait { transaction in
                try transaction.run("INSERT INTO fanout(at) VALUES (?)", [seq])
                transaction.afterCommit {
                    committed.withLock { $0 = SystemMonotonicClock.nanoseconds() }
                    bus.publish([DomainEvent(topic: topic, type: "auction_updated", dataJSON: data)])
                }
            }
            let line = try child.nextLine(timeout: .seconds(30), waitingFor: "event \(seq) at every client")
            let fields = line.dropFirst().compactMap { Int64($0) }
            guard line.first == "event", fields.count == 6, fields[0] == Int64(seq), fields[1] == Int64(clientCount)
            else {
                throw BenchmarkError.loadGeneratorFailed("unexpected line from the client process: "
                                                         + line.joined(separator: " "))
            }
            let receipts = FanoutReceipts.Summary(seq: seq, count: clientCount, firstNanoseconds: fields[2],
                                                  medianNanoseconds: fields[3], p99Nanoseconds: fields[4],
                                                  lastNanoseconds: fields[5])
            samples.append(Sample(committed: committed.withLock { $0 }, receipts: receipts,
                                  lastQueued: serverSide.lastQueued))
            Thread.sleep(forTimeInterval: gap.seconds)
        }
        return samples
    }

    private func report(samples: [Sample], clientCount: Int) -> String {
        let elapsed = Duration.seconds(seconds)
        let latencies = { (instant: (Sample) -> Int64) -> [Duration] in
            samples.map { .nanoseconds(instant($0) - $0.committed) }.sorted()
        }
        var table = BenchTable(title: "bench fanout: \(clientCount) WebSocket clients on 127.0.0.1 (client process apart), "
                               + "one topic, \(samples.count) committed events, p50/p99 over the events", unit: "msg")
        let rows: [(String, [Duration])] = [
            ("commit -> last client", latencies(\.receipts.lastNanoseconds)),
            ("commit -> p99 client", latencies(\.receipts.p99Nanoseconds)),
            ("commit -> median client", latencies(\.receipts.medianNanoseconds)),
            ("commit -> first client", latencies(\.receipts.firstNanoseconds)),
            ("commit -> last frame queued", latencies(\.lastQueued)),
        ]
        for (name, sorted) in rows {
            table.add(name, LatencySummary(count: sorted.count, elapsed: elapsed, sortedSamples: sorted))
        }
        let p99 = LatencySummary.percentile(0.99, of: rows[0].1)
        var text = table.render()
        text += "ratio last-client p99 / 50 ms goal: " + String(format: "%.2fx", p99.seconds / 0.050) + " (goal <= 1.00x)\n"
        text += "load average: \(BenchAll.loadAverage())\n"
        return text
    }

    /// User plus system CPU time of `process` ("self" or a pid) from /proc/PID/stat, in seconds; 0 where unavailable.
    static func cpuSeconds(process: String) -> Double {
        guard let times = CPUReading.processTimes(of: process) else { return 0 }
        return (times.user + times.system).seconds
    }

    /// Resident set size from /proc/self/statm (pages × 4 KiB); 0 where unavailable.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * 4_096
    }
}
