import CloudQueue
import Foundation
import Jobs
import Locking
import Store
import Telemetry
import TestSupport
import Testing

/// Node A's game database (all repository migrations, `remoteKinds` set) and node B's local store, both real SQLite
/// files, linked through the emulator.
private final class TwoNodes {
    let emulator: OCIQueueEmulator
    let directory: TemporaryDirectory
    let gameWriter: Writer
    let gameQueue: JobQueue
    let local: NodeLocalStore
    /// Payloads of the jobs that ran on node B, appended by worker threads.
    let runs = Collected<String>()
    let logger = Logger(label: "cross-node-test", level: .debug, sink: InMemoryLogSink())

    init(workers: Int = 0) throws {
        emulator = try OCIQueueEmulator()
        directory = try TemporaryDirectory(prefix: "cross-node")
        let game = StoreConfiguration(path: directory.file("worldgame.db"))
        let migrations = try TestMigrations.all()
        try TestMigrations.apply(to: game)
        gameWriter = try Writer(configuration: game)
        var configuration = JobsConfiguration(workerCount: workers)
        configuration.remoteKinds = ["cloud.test"]
        gameQueue = JobQueue(writer: gameWriter, configuration: configuration)
        var handlers = JobHandlers()
        let runs = runs
        handlers.register("cloud.test", .external { context in runs.append(context.job.payload) })
        var localConfiguration = JobsConfiguration(workerCount: workers)
        localConfiguration.idleWait = .milliseconds(50)
        local = try NodeLocalStore(path: directory.file("local.sqlite"),
                                   gameMigrations: migrations,
                                   handlers: handlers, configuration: localConfiguration, logger: logger)
    }

    deinit {
        local.stop(deadline: .seconds(5))
        gameWriter.shutdown()
    }

    func client() throws -> OCIQueueClient { try OCIQueueClient(configuration: try emulator.clientConfiguration()) }

    func relay() -> OutboxRelay {
        let emulator = emulator
        return OutboxRelay(writer: gameWriter, wakeup: gameQueue.outboxWakeup, origin: "node-a", logger: logger) {
            try OCIQueueClient(configuration: try emulator.clientConfiguration())
        }
    }

    func consumer(visibilitySeconds: Int = 30, pollSeconds: Int = 0) -> RemoteJobConsumer {
        let emulator = emulator
        return RemoteJobConsumer(localQueue: local.queue, logger: logger, pollSeconds: pollSeconds, visibilitySeconds: visibilitySeconds) {
            try OCIQueueClient(configuration: try emulator.clientConfiguration())
        }
    }

    func gameCount(_ sql: String) throws -> Int {
        try gameWriter.performAndWait { transaction in try transaction.queryOne(sql, [])?.int("n") ?? -1 }
    }

    func localCount(_ sql: String) throws -> Int {
        try local.writer.performAndWait { transaction in try transaction.queryOne(sql, [])?.int("n") ?? -1 }
    }
}

@Suite struct CrossNodeJobTests {
    @Test func aRemoteKindGoesToTheOutboxInTheSameTransactionAsTheChange() throws {
        let nodes = try TwoNodes()
        let queue = nodes.gameQueue
        #expect(throws: StoreError.self) {
            try nodes.gameWriter.performAndWait { transaction in
                _ = try queue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":1}"#), in: transaction)
                try transaction.execute("INSERT INTO no_such_table VALUES (1)")
            }
        }
        #expect(try nodes.gameCount("SELECT count(*) AS n FROM outbox") == 0)
        try nodes.gameWriter.performAndWait { transaction in
            _ = try queue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":2}"#, dedupeKey: "daily:1"), in: transaction)
            _ = try queue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":3}"#, dedupeKey: "daily:1"), in: transaction)
            _ = try queue.enqueue(NewJob(kind: "local.kind"), in: transaction)
        }
        #expect(try nodes.gameCount("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL") == 1)
        #expect(try nodes.gameCount("SELECT count(*) AS n FROM jobs WHERE kind = 'cloud.test'") == 0)
        #expect(try nodes.gameCount("SELECT count(*) AS n FROM jobs WHERE kind = 'local.kind'") == 1)
    }

    @Test func aJobTravelsOnceEvenWhenTheRelayPutsItTwice() throws {
        let nodes = try TwoNodes()
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        try nodes.gameQueue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":1}"#, traceID: trace))
        let relay = nodes.relay()
        let relayClient = try nodes.client()
        #expect(try relay.relayOnce(client: relayClient) == (sent: 1, more: false))
        #expect(try nodes.gameCount("SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL") == 1)
        // A crash between the put and the mark: the row is put again (at least once).
        try nodes.gameWriter.performAndWait { transaction in try transaction.execute("UPDATE outbox SET sent_at = NULL") }
        #expect(try relay.relayOnce(client: relayClient).sent == 1)
        let consumer = nodes.consumer()
        let pass = try consumer.consumeOnce(client: try nodes.client())
        #expect(pass == RemoteJobConsumer.Pass(received: 2, enqueued: 1, duplicates: 1, malformed: 0, extended: 0))
        #expect(try nodes.localCount("SELECT count(*) AS n FROM jobs WHERE kind = 'cloud.test' AND trace_id = '\(trace)'") == 1)
        #expect(try nodes.localCount("SELECT count(*) AS n FROM remote_job_receipts") == 1)
        let stats = try nodes.emulator.stats()
        #expect(stats["put"] == 2 && stats["deleted"] == 2 && stats["visible"] == 0 && stats["in_flight"] == 0)
    }

    @Test func aRedeliveryAfterALostDeleteIsSkipped() throws {
        let nodes = try TwoNodes()
        try nodes.gameQueue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":7}"#))
        _ = try nodes.relay().relayOnce(client: try nodes.client())
        let consumer = nodes.consumer(visibilitySeconds: 1, pollSeconds: 10)
        let noRetry = try OCIQueueClient(configuration: try nodes.emulator.clientConfiguration(
            retry: OCIRetryPolicy(maxAttempts: 1, sleep: { _ in })))
        try nodes.emulator.inject(drop: 1, skip: 1)  // the GET passes, the DELETE after the local commit is cut
        #expect(throws: OCIQueueError.self) { _ = try consumer.consumeOnce(client: noRetry) }
        #expect(try nodes.localCount("SELECT count(*) AS n FROM jobs") == 1)
        let redelivery = try consumer.consumeOnce(client: try nodes.client())  // visible again after 1 s
        #expect(redelivery == RemoteJobConsumer.Pass(received: 1, enqueued: 0, duplicates: 1))
        #expect(try nodes.localCount("SELECT count(*) AS n FROM jobs") == 1)
        let stats = try nodes.emulator.stats()
        #expect(stats["redelivered"] == 1 && stats["deleted"] == 1 && stats["dropped"] == 1)
    }

    @Test func relayAndConsumerThreadsCarryAJobThatRunsExactlyOnce() throws {
        let nodes = try TwoNodes(workers: 1)
        try nodes.local.start()
        let relay = nodes.relay()
        let consumer = nodes.consumer(pollSeconds: 1)
        relay.start()
        consumer.start()
        defer {
            relay.stop(deadline: .seconds(5))
            consumer.stop(deadline: .seconds(5))
        }
        try nodes.gameQueue.enqueue(NewJob(kind: "cloud.test", payload: #"{"n":42}"#))
        let deadline = ContinuousClock.now + .seconds(20)
        _ = waitUntil(deadline: deadline) { !nodes.runs.all.isEmpty }
        #expect(nodes.runs.all == [#"{"n":42}"#])
        // The relay counts a batch after marking it sent, and the consumer counts its pass after the insert commits:
        // either may come after the job already ran on node B.
        _ = waitUntil(deadline: deadline) { relay.sentCount > 0 && consumer.enqueuedCount > 0 }
        #expect(relay.sentCount == 1 && consumer.enqueuedCount == 1)
    }
}
