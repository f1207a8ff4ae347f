import Clocks
import CloudQueue
import Foundation
import Jobs
import Lifecycle
import Locking
import Replication
import Store
import Telemetry

/// The node's link to the OCI Queue: on a node whose game database is writable, the outbox relay; on a
/// node set to consume (a standby by default), the node-local store `<data-dir>/local.sqlite` with its own workers
/// and the consumer that fills it. Absent when the cloud queue is not configured.
///
/// Built by `Node.start()` on the main thread and run as one of the node's services (`start()` brings up the local
/// store and the consumer; `stop(deadline:)` takes everything down); its threads own their own clients. The relay is
/// primary-only: it starts with the primary's job queue (start-up or online promotion, `startRelay`) and stops when
/// the node is fenced (`stopRelay`); a `Locked` holds it for those threads.
final class NodeCloud: Service {
    private let relay = Locked<RelayState>(.none)
    let consumer: RemoteJobConsumer?
    let local: NodeLocalStore?
    private let metrics: CloudQueueMetrics
    private let makeClient: @Sendable () throws -> OCIQueueClient
    private let logger: Logger
    /// The node's own logger (without the component field), for the start-up line.
    private let nodeLogger: Logger
    private let remoteKinds: [String]

    /// The relay's life: never started, running, or stopped for good (a fenced or stopping node starts none).
    private enum RelayState {
        case none
        case running(OutboxRelay)
        case stopped
    }

    /// Builds what this node's configuration asks for (nothing runs before `start()`); nil when the cloud queue is off.
    /// - Parameter clock: the node's wall clock, for the local store's queue.
    /// - Throws: `CloudConfiguration.Failure` for an incomplete or unusable configuration, `StoreError` for the local store.
    static func makeIfConfigured(configuration: NodeConfiguration, registry: MetricsRegistry,
                                 clock: any WallClock, logger: Logger) throws -> NodeCloud? {
        let cloud = configuration.cloud
        guard cloud.isEnabled else { return nil }
        let metrics = try CloudQueueMetrics(registry: registry)
        let clientConfiguration = try cloud.clientConfiguration()
        let makeClient: @Sendable () throws -> OCIQueueClient = { try OCIQueueClient(configuration: clientConfiguration) }
        let cloudLogger = logger.with([("component", .string("cloud-queue"))])
        var consumer: RemoteJobConsumer?
        var local: NodeLocalStore?
        if cloud.consumes {
            var handlers = JobHandlers()
            StandbyLedgerAudit.register(in: &handlers, databasePath: configuration.databasePath)
            var jobsConfiguration = JobsConfiguration(workerCount: max(1, min(2, configuration.workerCount)))
            jobsConfiguration.ownerPrefix = ProcessInfo.processInfo.hostName + "-local"
            let store = try NodeLocalStore(path: configuration.dataDirectory + "/local.sqlite",
                                           gameMigrations: try DatabaseSetup.embeddedMigrations(),
                                           handlers: handlers, configuration: jobsConfiguration, logger: cloudLogger,
                                           clock: clock)
            local = store
            consumer = RemoteJobConsumer(localQueue: store.queue, logger: cloudLogger, metrics: metrics, pollSeconds: cloud.pollSeconds,
                                         visibilitySeconds: cloud.visibilitySeconds, makeClient: makeClient)
        }
        return NodeCloud(consumer: consumer, local: local, metrics: metrics, makeClient: makeClient, logger: cloudLogger,
                         nodeLogger: logger, remoteKinds: cloud.remoteKinds)
    }

    private init(consumer: RemoteJobConsumer?, local: NodeLocalStore?, metrics: CloudQueueMetrics,
                 makeClient: @escaping @Sendable () throws -> OCIQueueClient, logger: Logger, nodeLogger: Logger,
                 remoteKinds: [String]) {
        self.consumer = consumer
        self.local = local
        self.metrics = metrics
        self.makeClient = makeClient
        self.logger = logger
        self.nodeLogger = nodeLogger
        self.remoteKinds = remoteKinds
    }

    var name: String { "cloud-queue" }

    /// Starts the local store's workers and the consumer (the relay starts with the primary's jobs: `startRelay`).
    /// - Throws: `StoreError` for the local store.
    func start() throws {
        try local?.start()
        consumer?.start()
        nodeLogger.info("cloud queue link started", [("relay", .bool(false)), ("consumer", .bool(consumer != nil)),
                                                 ("remote_kinds", .string(remoteKinds.joined(separator: ",")))])
    }

    /// Whether the outbox relay runs now.
    var isRelayRunning: Bool {
        relay.withLock { state in
            if case .running = state { return true }
            return false
        }
    }

    /// Starts the outbox relay over the primary's `gameQueue` (at most one at a time; never after a final `stopRelay`).
    func startRelay(gameQueue: JobQueue) {
        let relay = relay.withLock { state -> OutboxRelay? in
            guard case .none = state else { return nil }
            let relay = OutboxRelay(writer: gameQueue.writer, wakeup: gameQueue.outboxWakeup,
                                    origin: ProcessInfo.processInfo.hostName, clock: gameQueue.clock, logger: logger,
                                    metrics: metrics,
                                    makeClient: makeClient)
            state = .running(relay)
            return relay
        }
        relay?.start()
    }

    /// Stops the relay for good (fencing, shutdown), or until the next `startRelay` when `isFinal` is false (the node
    /// handed its primary role over); returns whether it finished its current call in time.
    @discardableResult
    func stopRelay(deadline: Duration, isFinal: Bool = true) -> Bool {
        let running = relay.withLock { state -> OutboxRelay? in
            defer {
                if isFinal {
                    state = .stopped
                } else if case .running = state {
                    state = .none
                }
            }
            guard case .running(let relay) = state else { return nil }
            return relay
        }
        return running?.stop(deadline: deadline) ?? true
    }

    /// Stops the relay and the consumer (each finishes its current call), then the local store.
    @discardableResult
    func stop(deadline: Duration) -> Bool {
        let relayStopped = stopRelay(deadline: deadline)
        let consumerStopped = consumer?.stop(deadline: deadline) ?? true
        local?.stop(deadline: deadline)
        return relayStopped && consumerStopped
    }
}
