import Dispatch
import Foundation
import Jobs
import Store
import Synchronization
import Telemetry

/// Receives cross-node jobs from the cloud queue into this node's LOCAL job queue (`<data-dir>/local.sqlite`, which
/// works on a primary and on a read-only standby alike): long-polls a batch, records each envelope's key in
/// `remote_job_receipts` and inserts its job in the same local transaction (a key seen before is skipped: a
/// redelivery never runs twice), and deletes the messages only after that transaction committed. If handling a batch
/// takes longer than half the visibility timeout, the remaining messages' visibility is extended first.
///
/// Runs on its own thread ("worldgame-remote-consumer"), which alone owns its `OCIQueueClient`. Malformed messages
/// are logged and deleted (they can never succeed).
public final class RemoteJobConsumer: Sendable {
    /// Counts of one `consumeOnce` pass.
    public struct Pass: Sendable, Equatable {
        public var received = 0
        public var enqueued = 0
        public var duplicates = 0
        public var malformed = 0
        public var extended = 0

        public init(received: Int = 0, enqueued: Int = 0, duplicates: Int = 0, malformed: Int = 0, extended: Int = 0) {
            self.received = received
            self.enqueued = enqueued
            self.duplicates = duplicates
            self.malformed = malformed
            self.extended = extended
        }
    }

    private let localQueue: JobQueue
    private let makeClient: @Sendable () throws -> OCIQueueClient
    private let logger: Logger
    private let pollSeconds: Int
    private let visibilitySeconds: Int
    private let batchSize: Int
    private let isStopping = Atomic<Bool>(false)
    private let exited = DispatchGroup()
    private let enqueuedTotal = Atomic<Int>(0)
    private let metrics: CloudQueueMetrics?

    /// - Parameters:
    ///   - localQueue: the node-local job queue (its `remoteKinds` must be empty).
    ///   - pollSeconds: GetMessages long-poll timeout (0...30); bounds how long `stop` waits.
    ///   - visibilitySeconds: how long a received message stays hidden before it is redelivered.
    public init(localQueue: JobQueue, logger: Logger, metrics: CloudQueueMetrics? = nil, pollSeconds: Int = 5,
                visibilitySeconds: Int = 60, batchSize: Int = 10, makeClient: @escaping @Sendable () throws -> OCIQueueClient) {
        self.metrics = metrics
        self.localQueue = localQueue
        self.makeClient = makeClient
        self.logger = logger
        self.pollSeconds = min(30, max(0, pollSeconds))
        self.visibilitySeconds = max(2, visibilitySeconds)
        self.batchSize = min(20, max(1, batchSize))
    }

    /// Jobs inserted into the local queue since start.
    public var enqueuedCount: Int { enqueuedTotal.load(ordering: .relaxed) }

    /// Starts the consumer thread.
    public func start() {
        exited.enter()
        let thread = Thread { [self] in
            runLoop()
            exited.leave()
        }
        thread.name = "worldgame-remote-consumer"
        thread.start()
    }

    /// Stops after the current long poll; returns whether the thread ended within `deadline`.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        isStopping.store(true, ordering: .releasing)
        return exited.wait(timeout: .now() + Double(deadline.components.seconds) + 0.001) == .success
    }

    private func runLoop() {
        let client: OCIQueueClient
        do { client = try makeClient() } catch {
            logger.error("remote job consumer cannot start", [("error", .string(String(describing: error)))])
            return
        }
        logger.info("remote job consumer started", [("poll_seconds", .int(Int64(pollSeconds)))])
        var failures = 0
        while !isStopping.load(ordering: .acquiring) {
            do {
                _ = try consumeOnce(client: client)
                failures = 0
            } catch {
                failures += 1
                metrics?.consumerFailures.increment()
                logger.warning("remote job consumer pass failed", [("error", .string(String(describing: error))), ("failures", .int(Int64(failures)))])
                let delay = client.configuration.retry.delay(beforeRetry: min(failures, 8)) + .milliseconds(100)
                Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            }
        }
        client.close()
        logger.info("remote job consumer stopped", [("enqueued", .int(Int64(enqueuedCount)))])
    }

    /// One pass: a long poll, the local inserts in one commit, then the deletes.
    /// - Throws: `OCIQueueError` or `StoreError`; messages not deleted reappear after their visibility timeout.
    public func consumeOnce(client: OCIQueueClient) throws -> Pass {
        let messages = try client.get(limit: batchSize, visibilitySeconds: visibilitySeconds, timeoutSeconds: pollSeconds)
        var pass = Pass()
        pass.received = messages.count
        guard !messages.isEmpty else { return pass }
        let receivedAt = ContinuousClock.now
        let decoded = messages.map { (message: $0, envelope: RemoteJobEnvelope.decode($0.content)) }
        pass.malformed = decoded.filter { $0.envelope == nil }.count
        for item in decoded where item.envelope == nil {
            logger.warning("malformed cross-node job message deleted", [("message_id", .int(item.message.id))])
        }
        if ContinuousClock.now - receivedAt > .seconds(visibilitySeconds / 2) {
            pass.extended = try extend(messages, client: client)
        }
        let queue = localQueue
        let now = queue.clock.now.rawValue
        let valid = decoded.compactMap { item in item.envelope.map { (item.message.id, $0) } }
        let (enqueued, duplicates) = try queue.writer.performAndWait { transaction in
            var enqueued = 0
            var duplicates = 0
            for (messageId, envelope) in valid {
                guard try RemoteJobReceipts.record(envelope, messageId: messageId, now: now, in: transaction) else {
                    duplicates += 1
                    continue
                }
                let jobId = try queue.enqueue(envelope.job, in: transaction)
                try RemoteJobReceipts.link(key: envelope.key, jobId: jobId, in: transaction)
                enqueued += 1
            }
            return (enqueued, duplicates)
        }
        pass.enqueued = enqueued
        pass.duplicates = duplicates
        enqueuedTotal.add(enqueued, ordering: .relaxed)
        metrics?.messagesReceived.increment(by: Int64(messages.count))
        metrics?.jobsEnqueued.increment(by: Int64(enqueued))
        metrics?.duplicatesDropped.increment(by: Int64(duplicates))
        let failures = try client.delete(receipts: messages.map(\.receipt))
        for (index, reason) in failures.sorted(by: { $0.key < $1.key }) {
            logger.warning("cross-node job message not deleted; it will be redelivered and skipped",
                           [("message_id", .int(messages[index].id)), ("reason", .string(reason))])
        }
        logger.info("cross-node jobs received", [("received", .int(Int64(pass.received))), ("enqueued", .int(Int64(enqueued))),
                                                 ("duplicates", .int(Int64(duplicates))), ("malformed", .int(Int64(pass.malformed)))])
        return pass
    }

    private func extend(_ messages: [OCIQueueMessage], client: OCIQueueClient) throws -> Int {
        for message in messages {
            try client.updateVisibility(receipt: message.receipt, visibilitySeconds: visibilitySeconds)
        }
        return messages.count
    }
}
