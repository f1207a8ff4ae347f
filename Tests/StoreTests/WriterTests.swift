import Dispatch
import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// An error a test command throws on purpose.
struct CommandFailure: Error, Equatable {
    var tag: String
}

@Suite struct WriterTests {
    static let createItems = "CREATE TABLE items(id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT"

    static func makeWriter(
        _ database: StoreTestDatabase, observer: WriterObserverSpy = WriterObserverSpy(),
        completionGate: CompletionGateSpy? = nil
    ) throws -> Writer {
        let writer = try Writer(configuration: database.configuration, observers: [observer], completionGate: completionGate)
        try writer.performAndWait { try $0.execute(createItems) }
        return writer
    }

    static func insert(_ label: String) -> @Sendable (Transaction) throws -> Int64 {
        { transaction in
            try transaction.run("INSERT INTO items(label) VALUES (?)", [label])
            return transaction.lastInsertRowID
        }
    }

    /// Queues `count` inserts ("n0"...) behind a closed gate so that the writer finds them waiting together, then
    /// opens the gate and shuts the writer down (every insert answered, each to `completion`).
    static func insertQueued(_ count: Int, into writer: Writer,
                             completion: @escaping @Sendable (Result<Int64, any Error>) -> Void = { _ in }) {
        let gate = WriterGate()
        gate.close(writer)
        for number in 0..<count { writer.submit(insert("n\(number)"), completion: completion) }
        gate.open()
        writer.shutdown()
    }

    /// `top -H` and `scripts/thread-cpu` tell the writer thread apart by its kernel name (the first 15 bytes of
    /// `Writer.threadName`; Foundation's longer name never reaches the kernel).
    @Test func theWriterThreadCarriesItsNameInTheKernel() throws {
        let database = try StoreTestDatabase()
        let writer = try Self.makeWriter(database)
        defer { writer.shutdown() }
        let name = try writer.performAndWait { _ in
            try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
        }
        #expect(name == String(Writer.threadName.prefix(15)) + "\n")
    }

    @Test func concurrentSubmittersAllComplete() throws {
        let database = try StoreTestDatabase()
        let batchSizes = Collected<Int>()
        var observer = WriterObserverSpy()
        observer.onDidCommit = { batchSizes.append($0.commandCount) }
        let writer = try Self.makeWriter(database, observer: observer)
        let successes = Atomic<Int>(0)
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            Thread {
                let done = DispatchGroup()
                for number in 0..<500 {
                    done.enter()
                    writer.submit(Self.insert("t\(thread)-\(number)")) { result in
                        if case .success = result { successes.add(1, ordering: .relaxed) }
                        done.leave()
                    }
                }
                done.wait()
                group.leave()
            }.start()
        }
        group.wait()
        writer.shutdown()
        #expect(successes.load(ordering: .relaxed) == 4_000)
        #expect(try database.count("items") == 4_000)
        #expect(batchSizes.all.reduce(0, +) == 4_001)
        #expect((batchSizes.all.max() ?? 0) > 1)
    }

    @Test func failingCommandRollsBackAlone() throws {
        let database = try StoreTestDatabase()
        let stats = Collected<WriterBatchStats>()
        var observer = WriterObserverSpy()
        observer.onDidCommit = { stats.append($0) }
        let writer = try Self.makeWriter(database, observer: observer)
        let results = Collected<(String, Result<Int64, any Error>)>()
        let gate = WriterGate()
        gate.close(writer)
        writer.submit(Self.insert("a")) { results.append(("a", $0)) }
        writer.submit({ transaction in
            _ = try Self.insert("b")(transaction)
            throw CommandFailure(tag: "b")
        }, completion: { results.append(("b", $0)) })
        writer.submit(Self.insert("c")) { results.append(("c", $0)) }
        gate.open()
        writer.shutdown()
        let byName = Dictionary(uniqueKeysWithValues: results.all)
        #expect(throws: CommandFailure(tag: "b")) { try byName["b"]?.get() }
        #expect(try byName["a"]?.get() != nil)
        #expect(try byName["c"]?.get() != nil)
        let labels = try database.readOnlyConnection().query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        #expect(labels == ["a", "c"])
        let batch = try #require(stats.all.last)
        #expect(batch.commandCount == 3)
        #expect(batch.failedCommandCount == 1)
    }

    /// A batch of one command runs it without a savepoint; when it throws, the whole transaction rolls back and a new
    /// one begins, so nothing of it stays, the observers see an empty batch as before, and the next command commits.
    @Test func aLoneFailingCommandLeavesNothingAndTheNextCommits() throws {
        let database = try StoreTestDatabase()
        let stats = Collected<WriterBatchStats>()
        let willCommitAttachments = Collected<[[UInt8]]>()
        var observer = WriterObserverSpy()
        observer.onDidCommit = { stats.append($0) }
        observer.onWillCommit = { batch, _ in willCommitAttachments.append(batch.attachments) }
        let writer = try Self.makeWriter(database, observer: observer)
        defer { writer.shutdown() }
        _ = try writer.performAndWait(Self.insert("a"))
        // No savepoint is open around a lone command (rolling back to the writer's would succeed if there were one).
        #expect(throws: StoreError.self) {
            try writer.performAndWait { transaction in try transaction.run("ROLLBACK TO writer_command") }
        }
        let dropped = Collected<String>()
        #expect(throws: CommandFailure(tag: "b")) {
            try writer.performAndWait { transaction -> Void in
                _ = try Self.insert("b")(transaction)
                transaction.attach([7])
                transaction.afterCommit { dropped.append("b") }
                throw CommandFailure(tag: "b")
            }
        }
        let failedBatch = try #require(stats.all.last)
        #expect(failedBatch.commandCount == 1 && failedBatch.failedCommandCount == 1 && !failedBatch.hasChanges)
        #expect(willCommitAttachments.all.last == [])
        _ = try writer.performAndWait(Self.insert("c"))
        let labels = try database.readOnlyConnection().query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        #expect(labels == ["a", "c"])
        #expect(dropped.all.isEmpty)
    }

    @Test func resultsArriveOnlyAfterCommit() throws {
        let database = try StoreTestDatabase()
        let writer = try Self.makeWriter(database)
        let seenByOtherConnection = Collected<Int>()
        let configuration = database.configuration
        let done = DispatchSemaphore(value: 0)
        writer.submit(Self.insert("durable")) { result in
            // A separate connection must already see the row when the completion runs.
            let count = (try? Connection(configuration: configuration, readOnly: true)
                .queryOne("SELECT count(*) AS n FROM items WHERE label = 'durable'")?.int("n")) ?? -1
            seenByOtherConnection.append(count)
            done.signal()
        }
        done.wait()
        writer.shutdown()
        #expect(seenByOtherConnection.all == [1])
    }

    @Test func afterCommitRunsAfterCommitAndNotForFailedCommands() throws {
        let database = try StoreTestDatabase()
        let writer = try Self.makeWriter(database)
        let events = Collected<String>()
        let configuration = database.configuration
        let gate = WriterGate()
        gate.close(writer)
        writer.submit({ transaction in
            try transaction.run("INSERT INTO items(label) VALUES ('kept')")
            transaction.afterCommit {
                let visible = (try? Connection(configuration: configuration, readOnly: true)
                    .queryOne("SELECT count(*) AS n FROM items WHERE label = 'kept'")?.int("n")) ?? -1
                events.append("kept afterCommit sees \(visible)")
            }
        }, completion: { _ in events.append("kept completion") })
        writer.submit({ transaction in
            try transaction.run("INSERT INTO items(label) VALUES ('dropped')")
            transaction.afterCommit { events.append("dropped afterCommit") }
            throw CommandFailure(tag: "dropped")
        }, completion: { _ in events.append("dropped completion") })
        gate.open()
        writer.shutdown()
        #expect(events.all == ["kept afterCommit sees 1", "kept completion", "dropped completion"])
    }

    @Test func willCommitRunsOncePerBatch() throws {
        let database = try StoreTestDatabase()
        let hookCounts = Collected<Int>()
        let batches = Collected<Int>()
        var observer = WriterObserverSpy()
        observer.onWillCommit = { batch, transaction in
            let batchCommandCount = batch.commandCount
            hookCounts.append(batchCommandCount)
            try transaction.run("CREATE TABLE IF NOT EXISTS hook_log(id INTEGER PRIMARY KEY, commands INT) STRICT")
            try transaction.run("INSERT INTO hook_log(commands) VALUES (?)", [batchCommandCount])
        }
        observer.onDidCommit = { batches.append($0.commandCount) }
        let writer = try Self.makeWriter(database, observer: observer)
        Self.insertQueued(5, into: writer)
        #expect(hookCounts.all == batches.all)
        #expect(hookCounts.all.suffix(2) == [1, 5])
        #expect(try database.count("hook_log") == hookCounts.all.count)
    }

    @Test func aThrowingWillCommitFailsTheWholeBatch() throws {
        let database = try StoreTestDatabase()
        let failures = Collected<String>()
        var observer = WriterObserverSpy()
        observer.onWillCommit = { batch, _ in
            let batchCommandCount = batch.commandCount
            if batchCommandCount == 3 { throw CommandFailure(tag: "hook") }
        }
        observer.onDidFail = { failures.append("\($0)") }
        let writer = try Self.makeWriter(database, observer: observer)
        let results = Collected<Result<Int64, any Error>>()
        Self.insertQueued(3, into: writer) { results.append($0) }
        #expect(results.all.count == 3)
        for result in results.all {
            #expect(throws: CommandFailure(tag: "hook")) { try result.get() }
        }
        #expect(failures.all.count == 1)
        #expect(try database.count("items") == 0)
    }

    @Test func respectsMaxBatchCommands() throws {
        let database = try StoreTestDatabase { $0.maxBatchCommands = 4 }
        let batches = Collected<Int>()
        var observer = WriterObserverSpy()
        observer.onDidCommit = { batches.append($0.commandCount) }
        let writer = try Self.makeWriter(database, observer: observer)
        Self.insertQueued(10, into: writer)
        #expect(batches.all.suffix(3) == [4, 4, 2])
        #expect(try database.count("items") == 10)
    }
}

@Suite struct TransactionSavepointTests {
    @Test func aFailedSavepointUndoesItsChangesAndDropsItsAfterCommitActions() throws {
        let database = try StoreTestDatabase()
        let writer = try Writer(configuration: database.configuration)
        defer { writer.shutdown() }
        let announced = Collected<String>()
        try writer.performAndWait { transaction in
            try transaction.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT")
            transaction.afterCommit { announced.append("outer") }
            struct Refused: Error {}
            do {
                try transaction.withSavepoint("inner") {
                    try transaction.run("INSERT INTO t(note) VALUES ('undone')", [])
                    transaction.afterCommit { announced.append("inner") }
                    throw Refused()
                }
            } catch is Refused {}
            let kept = try transaction.withSavepoint("kept") { () throws -> Int in
                try transaction.run("INSERT INTO t(note) VALUES ('kept')", [])
                transaction.afterCommit { announced.append("kept") }
                return 1
            }
            #expect(kept == 1)
        }
        let notes = try writer.performAndWait { transaction in
            try transaction.query("SELECT note FROM t ORDER BY id", []).map { try $0.string("note") }
        }
        #expect(notes == ["kept"])
        #expect(announced.all == ["outer", "kept"])
    }
}
