import Telemetry

/// The cloud queue link's metrics: messages put by the outbox relay, messages received, jobs enqueued and duplicates
/// dropped by the consumer, and failed passes of each thread.
///
/// Created once at start-up (names are registered once); the relay and consumer threads increment them.
public final class CloudQueueMetrics: Sendable {
    let messagesSent: Counter
    let messagesReceived: Counter
    let jobsEnqueued: Counter
    let duplicatesDropped: Counter
    let relayFailures: Counter
    let consumerFailures: Counter

    /// - Throws: `MetricsError` when a name is already registered.
    public init(registry: MetricsRegistry) throws(MetricsError) {
        messagesSent = try registry.makeCounter(
            "worldgame_cloud_messages_sent_total", help: "Cross-node job messages put on the queue by the outbox relay.")
        messagesReceived = try registry.makeCounter(
            "worldgame_cloud_messages_received_total", help: "Cross-node job messages received by the consumer.")
        jobsEnqueued = try registry.makeCounter(
            "worldgame_cloud_jobs_enqueued_total", help: "Cross-node jobs inserted into the node-local job queue.")
        duplicatesDropped = try registry.makeCounter(
            "worldgame_cloud_duplicate_messages_total", help: "Received messages whose key was seen before (not run again).")
        relayFailures = try registry.makeCounter(
            "worldgame_cloud_relay_failures_total", help: "Outbox relay batches that failed (rows stay unsent).")
        consumerFailures = try registry.makeCounter(
            "worldgame_cloud_consumer_failures_total", help: "Consumer passes that failed (messages reappear later).")
    }
}
