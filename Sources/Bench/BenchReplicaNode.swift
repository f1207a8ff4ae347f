import App
import Clocks
import Foundation
import HTTP
import Locking
import Net
import Replication
import Store
import Telemetry

/// One side of `ReplicationBenchmark`: a writer with the replication recorder, its node state and feed, and (on the
/// primary) the replication routes on an in-process HTTP server.
final class BenchReplicaNode: Sendable {
    let node: ReplicationNode
    let feed: ReplicationFeed
    let writer: Writer
    /// Sync mode only: holds each batch's completions until the standby acknowledged it.
    let syncGate: SyncReplicationGate?
    private let store: StoreConfiguration
    private let recordHook = BenchRecordHook()

    /// Called on the writer thread with each record's seq right after its batch committed (primary).
    var onRecord: (@Sendable (Int64) -> Void)? {
        get { recordHook.value.withLock { $0 } }
        set { recordHook.value.withLock { $0 = newValue } }
    }

    init(store: StoreConfiguration, role: ReplicationRole, isSync: Bool = false) throws {
        self.store = store
        node = ReplicationNode(role: role, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                               headCommittedAtMilliseconds: 0, primaryURL: nil)
        feed = ReplicationFeed()
        let recorder = ReplicationRecorder(node: node, feed: feed, pruner: ReplicationPruner(retainedRecords: 1_000_000, feed: feed),
                                           clock: SystemClock())
        let recordHook = recordHook
        let node = node
        let recordObserver = WriterCommitObserver { _ in
            guard node.isPrimary, let hook = recordHook.value.withLock({ $0 }) else { return }
            hook(node.current.headSeq + 1)
        }
        var completionGate: SyncReplicationGate?
        if isSync {
            let feed = feed
            let gate = SyncReplicationGate(
                configuration: SyncReplicationGate.Configuration(
                    headSequence: { node.current.headSeq },
                    waitForAcknowledgement: { feed.waitForAcknowledgement(of: $0, timeout: $1) },
                    timeout: .seconds(5), fallback: .block),
                logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink()),
                metrics: try SyncReplicationMetrics(registry: MetricsRegistry()))
            completionGate = gate
            syncGate = gate
        } else {
            syncGate = nil
        }
        writer = try Writer(configuration: store, observers: [recorder, recordObserver], completionGate: completionGate)
    }

    /// The primary's replication routes on 127.0.0.1 (port chosen by the kernel).
    func serve(secret: ReplicationSecret) throws -> BenchReplicaServer {
        let loops = try EventLoopGroup(loopCount: 1, threadNamePrefix: "bench-repl-loop")
        let readers = try ReaderPool(configuration: store, count: 1)
        var router = Router()
        ReplicationRoutes(node: node, feed: feed, secret: secret, readers: readers, databasePath: store.path,
                          promote: nil).register(in: &router)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, group: loops, router: router)
        try server.start()
        feed.start()
        return BenchReplicaServer(server: server, loops: loops, readers: readers, feed: feed)
    }
}

/// The running server of `BenchReplicaNode.serve`; `stop()` takes it down.
struct BenchReplicaServer {
    let server: HTTPServer
    let loops: EventLoopGroup
    let readers: ReaderPool
    let feed: ReplicationFeed

    var port: Int { server.localPort }

    func stop() {
        feed.stop()
        _ = server.shutdown(deadline: .seconds(2))
        readers.close()
        loops.shutdown()
    }
}

/// The benchmark's per-record callback, settable after the writer started.
final class BenchRecordHook: Sendable {
    let value = Locked<(@Sendable (Int64) -> Void)?>(nil)
}
