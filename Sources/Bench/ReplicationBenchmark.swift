import App
import Clocks
import Dispatch
import Foundation
import HTTP
import Locking
import Net
import Replication
import Store
import Telemetry

/// `worldgame bench replication`: asynchronous replication lag under a steady write load, and the time to promote.
///
/// One process, two databases: a primary `Writer` with the recorder, serving `/replication/records` over HTTP on
/// 127.0.0.1, and a standby `Writer` fed by a real `ReplicationFollower`. `clients` threads each submit one small
/// command at a time (insert or update of a row), paced to `ratePerSecond` in total. Lag of a record = the instant
/// its batch was applied and committed on the standby minus the instant it committed on the primary (one monotonic
/// clock). The scenario runs twice on fresh databases: async, then sync (`SyncReplicationGate` over the feed's
/// acknowledgements, as `serve --replication-mode sync` wires it), and compares the primary's commit latencies.
struct ReplicationBenchmark {
    var seconds: Double
    var clients = 16
    var ratePerSecond = 2_000
    /// The standby's `PRAGMA synchronous`: `.full` (durable, the product's setting) unless diagnosing what the
    /// standby's fsync costs.
    var standbySynchronous = SynchronousMode.full

    /// What one run of the scenario measured.
    struct Outcome {
        var writes: LatencySummary
        var lag: LatencySummary
        var caughtUp: Bool
        var standbySeq: Int64
        var primarySeq: Int64
        var promotion: Duration
    }

    func run() throws -> String {
        let async = try runOnce(isSync: false)
        let sync = try runOnce(isSync: true)
        var table = BenchTable(title: "replication (\(clients) clients paced to \(ratePerSecond) commands/s, "
                               + "standby over HTTP on 127.0.0.1, standby synchronous=\(standbySynchronous.rawValue))",
                               unit: "records")
        table.add("primary commit latency (async)", async.writes)
        table.add("lag commit -> applied on standby", async.lag)
        table.add("primary commit latency (sync)", sync.writes)
        table.addRatio("sync/async p50 latency", numerator: sync.writes.p50.milliseconds,
                       denominator: max(async.writes.p50.milliseconds, 0.001), goal: "< 2x")
        table.addRatio("sync/async p99 latency", numerator: sync.writes.p99.milliseconds,
                       denominator: max(async.writes.p99.milliseconds, 0.001), goal: "< 2x")
        table.addRatio("sync/async throughput", numerator: Double(sync.writes.count) / max(sync.writes.elapsed.seconds, 0.001),
                       denominator: Double(async.writes.count) / max(async.writes.elapsed.seconds, 0.001), goal: "~1x (paced)")
        var text = table.render()
        for (name, outcome) in [("async", async), ("sync", sync)] {
            text += "\(name): standby caught up: \(outcome.caughtUp ? "yes" : "NO") at seq \(outcome.standbySeq) of \(outcome.primarySeq)\n"
        }
        text += String(format: "lag p99: %.2f ms (goal < 50 ms)\n", async.lag.p99.milliseconds)
        text += String(format: "time to promote (term bump + role switch through the writer): %.2f ms\n",
                       async.promotion.milliseconds)
        return text
    }

    /// The scenario once, on fresh databases, with the primary in async or sync mode.
    private func runOnce(isSync: Bool) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-repl-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let primaryStore = StoreConfiguration(path: directory + "/primary.db")
        var standbyStore = StoreConfiguration(path: directory + "/standby.db")
        standbyStore.synchronous = standbySynchronous
        for store in [primaryStore, standbyStore] {
            try DatabaseSetup.migrate(store)
            let connection = try Connection(configuration: store, readOnly: false)
            try connection.execute("CREATE TABLE bench_rows(id INTEGER PRIMARY KEY, value INTEGER NOT NULL) STRICT")
            connection.close()
        }
        let committed = Locked<[Int64: ContinuousClock.Instant]>([:])
        let lags = Locked<[Duration]>([])
        let primary = try BenchReplicaNode(store: primaryStore, role: .primary, isSync: isSync)
        let standby = try BenchReplicaNode(store: standbyStore, role: .standby)
        defer { primary.writer.shutdown(); primary.syncGate?.stop(); standby.writer.shutdown() }
        let server = try primary.serve(secret: Self.secret)
        defer { server.stop() }
        let applier = ReplicationApplier(writer: standby.writer, node: standby.node, clock: SystemClock()) { records in
            let now = ContinuousClock.now
            let applied = committed.withLock { map in records.compactMap { map.removeValue(forKey: $0.seq) } }
            lags.withLock { $0.append(contentsOf: applied.map { now - $0 }) }
        }
        let follower = ReplicationFollower(
            peer: try ReplicationPeer(url: "http://127.0.0.1:\(server.port)"), secret: Self.secret, node: standby.node,
            applier: applier, logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink())) {}
        follower.start()
        defer { follower.stop() }
        primary.onRecord = { seq in committed.withLock { $0[seq] = ContinuousClock.now } }
        primary.syncGate?.activate()

        let writes = try drive(primary.writer)
        let caughtUp = waitUntil(standby, reaches: primary.node.current.headSeq)
        let lagSummary = LatencySummary(count: lags.withLock { $0.count }, elapsed: writes.elapsed,
                                        sortedSamples: lags.withLock { $0 }.sorted())
        let promotion = try promote(standby)
        return Outcome(writes: writes, lag: lagSummary, caughtUp: caughtUp, standbySeq: standby.node.current.headSeq,
                       primarySeq: primary.node.current.headSeq, promotion: promotion)
    }

    static let secret: ReplicationSecret = {
        do { return try ReplicationSecret(text: "bench-replication-secret-0123456789") } catch { preconditionFailure("constant secret") }
    }()

    /// Paced writes from `clients` threads for `seconds`; returns their commit latencies.
    private func drive(_ writer: Writer) throws -> LatencySummary {
        let recorder = LatencyRecorder()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let interval = Duration.nanoseconds(Int64(1_000_000_000) * Int64(clients) / Int64(max(1, ratePerSecond)))
        let group = DispatchGroup()
        for client in 0..<clients {
            group.enter()
            Thread {
                var samples: [Duration] = []
                var next = ContinuousClock.now
                var counter: Int64 = 0
                while ContinuousClock.now < deadline {
                    let began = ContinuousClock.now
                    let id = Int64(client * 1_000) + counter % 1_000
                    counter += 1
                    let value = counter
                    _ = try? writer.performAndWait { transaction in
                        try transaction.run(
                            "INSERT INTO bench_rows(id, value) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value",
                            [id, value])
                    }
                    samples.append(ContinuousClock.now - began)
                    next += interval
                    let pause = ContinuousClock.now.duration(to: next)
                    if pause > .zero { Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18) }
                }
                recorder.merge(samples)
                group.leave()
            }.start()
        }
        group.wait()
        return recorder.summary(elapsed: ContinuousClock.now - start)
    }

    private func waitUntil(_ standby: BenchReplicaNode, reaches seq: Int64) -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while standby.node.current.headSeq < seq {
            if ContinuousClock.now > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    /// The in-process promotion path: one writer command stores the new term and role, then the node switches.
    private func promote(_ standby: BenchReplicaNode) throws -> Duration {
        let began = ContinuousClock.now
        let node = standby.node
        try standby.writer.performAndWait { transaction in
            let row = try ReplicationLog.nodeRow(in: transaction)
            let term = row.term + 1
            try ReplicationLog.setRole(.primary, term: term, nowMilliseconds: SystemClock().now.rawValue, in: transaction)
            transaction.afterCommit { node.update { $0.role = .primary; $0.term = term } }
        }
        return ContinuousClock.now - began
    }
}
