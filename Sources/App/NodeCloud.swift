import CloudQueue
import Foundation
import Jobs
import Store
import Telemetry

/// The node's link to the OCI Queue (issue 11): on a node whose game database is writable, the outbox relay; on a
/// node set to consume (a standby by default), the node-local store `<data-dir>/local.sqlite` with its own workers
/// and the consumer that fills it. Absent when the cloud queue is not configured.
///
/// Created by `Node.start()` on the main thread and stopped by `Node.stop`; its threads own their own clients.
final class NodeCloud: Sendable {
    let relay: OutboxRelay?
    let consumer: RemoteJobConsumer?
    let local: NodeLocalStore?

    /// Starts what this node's configuration asks for; nil when the cloud queue is off.
    /// - Parameters:
    ///   - gameQueue: the game database's job queue (nil on a standby, which never writes the outbox).
    /// - Throws: `CloudConfiguration.Failure` for an incomplete or unusable configuration, `StoreError` for the local store.
    static func startIfConfigured(configuration: NodeConfiguration, gameQueue: JobQueue?, registry: MetricsRegistry,
                                  logger: Logger) throws -> NodeCloud? {
        let cloud = configuration.cloud
        guard cloud.isEnabled else { return nil }
        let metrics = try CloudQueueMetrics(registry: registry)
        let clientConfiguration = try cloud.clientConfiguration()
        let makeClient: @Sendable () throws -> OCIQueueClient = { try OCIQueueClient(configuration: clientConfiguration) }
        let cloudLogger = logger.with([("component", .string("cloud-queue"))])
        var relay: OutboxRelay?
        if let gameQueue {
            relay = OutboxRelay(writer: gameQueue.writer, wakeup: gameQueue.outboxWakeup, origin: ProcessInfo.processInfo.hostName,
                                logger: cloudLogger, metrics: metrics, makeClient: makeClient)
        }
        var consumer: RemoteJobConsumer?
        var local: NodeLocalStore?
        if cloud.consumes {
            var handlers = JobHandlers()
            StandbyLedgerAudit.register(in: &handlers, databasePath: configuration.databasePath)
            var jobsConfiguration = JobsConfiguration(workerCount: max(1, min(2, configuration.workerCount)))
            jobsConfiguration.ownerPrefix = ProcessInfo.processInfo.hostName + "-local"
            let store = try NodeLocalStore(path: configuration.dataDirectory + "/local.sqlite",
                                           gameMigrations: try DatabaseSetup.embeddedMigrations(),
                                           handlers: handlers, configuration: jobsConfiguration, logger: cloudLogger)
            try store.start()
            local = store
            consumer = RemoteJobConsumer(localQueue: store.queue, logger: cloudLogger, metrics: metrics, pollSeconds: cloud.pollSeconds,
                                         visibilitySeconds: cloud.visibilitySeconds, makeClient: makeClient)
        }
        let node = NodeCloud(relay: relay, consumer: consumer, local: local)
        relay?.start()
        consumer?.start()
        logger.info("cloud queue link started", [("relay", .bool(relay != nil)), ("consumer", .bool(consumer != nil)),
                                                 ("remote_kinds", .string(cloud.remoteKinds.joined(separator: ",")))])
        return node
    }

    private init(relay: OutboxRelay?, consumer: RemoteJobConsumer?, local: NodeLocalStore?) {
        self.relay = relay
        self.consumer = consumer
        self.local = local
    }

    /// Stops the relay and the consumer (each finishes its current call), then the local store.
    @discardableResult
    func stop(deadline: Duration) -> Bool {
        let relayStopped = relay?.stop(deadline: deadline) ?? true
        let consumerStopped = consumer?.stop(deadline: deadline) ?? true
        local?.stop(deadline: deadline)
        return relayStopped && consumerStopped
    }
}
