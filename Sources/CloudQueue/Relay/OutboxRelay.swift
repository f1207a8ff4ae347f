import Clocks
import Dispatch
import Foundation
import Jobs
import Store
import Synchronization
import Telemetry

/// Ships the outbox (cross-node jobs written by `JobQueue.enqueue` for remote kinds) to the cloud queue: reads the
/// oldest unsent rows, puts them as one PutMessages batch, then marks them sent. At least once: a crash or failure
/// between the put and the mark puts the rows again, and the consumer drops the duplicates by envelope key.
///
/// Runs on its own thread ("worldgame-outbox-relay"), which alone owns its `OCIQueueClient`; it wakes when a commit
/// added outbox rows (`JobQueue.outboxWakeup`) or every `idleWait`. Only on a node whose game database is writable
/// (the primary).
public final class OutboxRelay: Sendable {
    private let writer: Writer
    private let wakeup: JobWakeup
    private let makeClient: @Sendable () throws -> OCIQueueClient
    private let origin: String
    private let clock: any WallClock
    private let logger: Logger
    private let idleWait: Duration
    private let isStopping = Atomic<Bool>(false)
    private let exited = DispatchGroup()
    private let sentTotal = Atomic<Int>(0)
    private let metrics: CloudQueueMetrics?

    public init(writer: Writer, wakeup: JobWakeup, origin: String, clock: any WallClock = SystemClock(), logger: Logger,
                metrics: CloudQueueMetrics? = nil, idleWait: Duration = .seconds(2),
                makeClient: @escaping @Sendable () throws -> OCIQueueClient) {
        self.metrics = metrics
        self.writer = writer
        self.wakeup = wakeup
        self.makeClient = makeClient
        self.origin = origin
        self.clock = clock
        self.logger = logger
        self.idleWait = idleWait
    }

    /// Messages put on the queue since start.
    public var sentCount: Int { sentTotal.load(ordering: .relaxed) }

    /// Starts the relay thread.
    public func start() {
        exited.enter()
        let thread = Thread { [self] in
            runLoop()
            exited.leave()
        }
        thread.name = "worldgame-outbox-relay"
        thread.start()
    }

    /// Stops the thread after its current batch; returns whether it stopped within `deadline`.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        isStopping.store(true, ordering: .releasing)
        wakeup.signal()
        return exited.wait(timeout: .now() + Double(deadline.components.seconds) + 0.001) == .success
    }

    private func runLoop() {
        let client: OCIQueueClient
        do { client = try makeClient() } catch {
            logger.error("outbox relay cannot start", [("error", .string(String(describing: error)))])
            return
        }
        logger.info("outbox relay started", [("origin", .string(origin))])
        var failures = 0
        while !isStopping.load(ordering: .acquiring) {
            let seen = wakeup.currentGeneration
            do {
                let (sent, more) = try relayOnce(client: client)
                failures = 0
                if more { continue }
                if sent > 0 { continue }
            } catch {
                failures += 1
                metrics?.relayFailures.increment()
                logger.warning("outbox relay batch failed", [("error", .string(String(describing: error))), ("failures", .int(Int64(failures)))])
                wakeup.wait(since: wakeup.currentGeneration, timeout: client.configuration.retry.delay(beforeRetry: min(failures, 8)) + .milliseconds(100))
                continue
            }
            wakeup.wait(since: seen, timeout: idleWait)
        }
        client.close()
        logger.info("outbox relay stopped", [("sent", .int(Int64(sentCount)))])
    }

    /// Ships one batch: at most `maxMessagesPerRequest` rows within the byte limits. Returns how many were sent and
    /// whether more unsent rows remain. A row too large for one message is marked with an error and skipped (logged
    /// as an error: an operator must act).
    /// - Throws: `OCIQueueError` (rows stay unsent, their failure recorded) or `StoreError`.
    public func relayOnce(client: OCIQueueClient) throws -> (sent: Int, more: Bool) {
        let limits = client.configuration.limits
        let entries = try writer.performAndWait { transaction in
            try JobOutbox.unsent(limit: limits.maxMessagesPerRequest + 1, in: transaction)
        }
        guard !entries.isEmpty else { return (0, false) }
        var batch: [(id: Int64, content: String)] = []
        var bytes = 0
        var oversized: [Int64] = []
        for entry in entries.prefix(limits.maxMessagesPerRequest) {
            let content = try RemoteJobEnvelope(entry: entry, origin: origin).encoded()
            let size = content.utf8.count
            if size > limits.maxMessageBytes { oversized.append(entry.id); continue }
            if bytes + size > limits.maxRequestBytes { break }
            batch.append((entry.id, content))
            bytes += size
        }
        if !oversized.isEmpty { try skipOversized(oversized, limitBytes: limits.maxMessageBytes) }
        guard !batch.isEmpty else { return (0, entries.count > oversized.count) }
        let ids = batch.map(\.id)
        do {
            try client.put(batch.map(\.content))
        } catch {
            let text = String(describing: error)
            try writer.performAndWait { transaction in try JobOutbox.recordFailure(ids, error: text, in: transaction) }
            throw error
        }
        let now = clock.now.rawValue
        try writer.performAndWait { transaction in try JobOutbox.markSent(ids, now: now, in: transaction) }
        sentTotal.add(ids.count, ordering: .relaxed)
        metrics?.messagesSent.increment(by: Int64(ids.count))
        logger.debug("outbox batch sent", [("batch_size", .int(Int64(ids.count))), ("first_id", .int(ids[0]))])
        return (ids.count, entries.count > batch.count + oversized.count)
    }

    private func skipOversized(_ ids: [Int64], limitBytes: Int) throws {
        let now = clock.now.rawValue
        try writer.performAndWait { transaction in
            try JobOutbox.markSent(ids, now: -now, in: transaction)  // negative sent_at: skipped, never sent
            try JobOutbox.recordFailure(ids, error: "message over \(limitBytes) bytes; not sent", in: transaction)
        }
        logger.error("outbox rows too large for one queue message were skipped",
                     [("outbox_ids", .string(ids.map(String.init).joined(separator: ","))), ("limit_bytes", .int(Int64(limitBytes)))])
    }
}
