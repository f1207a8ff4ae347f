import Dispatch
import Foundation
import Store
import Testing
import TestSupport

@Suite struct WriterLifecycleTests {
    @Test func shutdownDrainsQueuedCommands() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let results = Collected<Result<Int64, any Error>>()
        let gate = WriterGate()
        gate.close(writer)
        for number in 0..<100 { writer.submit(WriterTests.insert("n\(number)")) { results.append($0) } }
        let shutdownDone = DispatchSemaphore(value: 0)
        Thread {
            writer.shutdown()
            shutdownDone.signal()
        }.start()
        // Wait until shutdown has stopped intake (a probe is refused at once), then let the writer run.
        _ = waitUntil(.seconds(10)) { Self.isRefused(writer) }
        gate.open()
        shutdownDone.wait()
        #expect(results.all.count == 100)
        #expect(results.all.allSatisfy { (try? $0.get()) != nil })
        #expect(try database.count("items") == 100)
    }

    private static func isRefused(_ writer: Writer) -> Bool {
        let refusal = Collected<Bool>()
        writer.submit({ _ in }, completion: { result in
            if case .failure(StoreError.writerStopped) = result { refusal.append(true) }
        })
        return refusal.all == [true]
    }

    @Test func submitAfterShutdownFailsWithWriterStopped() async throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        writer.shutdown()
        writer.shutdown()
        #expect(throws: StoreError.writerStopped) { try writer.performAndWait { _ in 1 } }
        await #expect(throws: StoreError.writerStopped) { try await writer.perform { _ in 1 } }
    }

    @Test func overloadFailsFast() throws {
        let database = try StoreTestDatabase { $0.maxQueuedCommands = 10 }
        let writer = try WriterTests.makeWriter(database)
        let gate = WriterGate()
        gate.close(writer)
        for number in 0..<10 { writer.submit(WriterTests.insert("n\(number)")) { _ in } }
        #expect(writer.queuedCommandCount == 10)
        #expect(throws: StoreError.writerOverloaded(queuedCommands: 10, limit: 10)) {
            let refusal = Collected<Result<Int64, any Error>>()
            writer.submit(WriterTests.insert("too many")) { refusal.append($0) }
            _ = try refusal.all.first?.get()
        }
        gate.open()
        writer.shutdown()
        #expect(try database.count("items") == 10)
    }

    @Test func performReturnsValuesAndErrors() async throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let id = try await writer.perform(WriterTests.insert("async"))
        #expect(id == 1)
        await #expect(throws: CommandFailure(tag: "x")) {
            try await writer.perform { _ in throw CommandFailure(tag: "x") }
        }
        let typed = #expect(throws: StoreError.self) {
            try writer.performAndWait { try $0.run("INSERT INTO nope DEFAULT VALUES") }
        }
        #expect(typed.map { "\($0)" }?.contains("no such table: nope") == true)
        writer.shutdown()
    }

    @Test func commandsRunOnTheWriterThread() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        #expect(!writer.isOnWriterThread)
        let isOnWriter = try writer.performAndWait { _ in
            Writer.preconditionOnWriterThread()
            return writer.isOnWriterThread
        }
        #expect(isOnWriter)
        writer.shutdown()
    }

    @Test func commandThatEndsTheTransactionFailsTheBatchCleanly() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let results = Collected<(String, Result<Int64, any Error>)>()
        let gate = WriterGate()
        gate.close(writer)
        writer.submit(WriterTests.insert("before")) { results.append(("before", $0)) }
        writer.submit({ transaction in
            try transaction.execute("ROLLBACK")
            throw CommandFailure(tag: "gone")
        }, completion: { results.append(("gone", $0)) })
        writer.submit(WriterTests.insert("after")) { results.append(("after", $0)) }
        gate.open()
        _ = waitUntil(.seconds(10)) { results.all.count >= 3 }
        let next = try writer.performAndWait(WriterTests.insert("next batch"))
        writer.shutdown()
        #expect(results.all.count == 3)
        for (_, result) in results.all {
            #expect(throws: CommandFailure(tag: "gone")) { try result.get() }
        }
        #expect(next > 0)
        #expect(try database.count("items") == 1)
    }

    @Test func commandThatCommitsItselfIsReported() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        #expect(throws: StoreError.writerTransactionEnded(commandIndex: 0, batchCommandCount: 1)) {
            try writer.performAndWait { try $0.execute("COMMIT") }
        }
        #expect(try writer.performAndWait(WriterTests.insert("still works")) > 0)
        writer.shutdown()
    }

    @Test func diskFullErrorFailsTheCommandAndTheWriterRecovers() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let pageCount = try writer.performAndWait { try $0.queryOne("PRAGMA page_count")?.int("page_count") ?? 0 }
        let error = #expect(throws: StoreError.self) {
            try writer.performAndWait { transaction in
                try transaction.run("PRAGMA max_page_count = \(pageCount + 1)")
                try transaction.run("INSERT INTO items(label) VALUES (?)", [String(repeating: "x", count: 100_000)])
            }
        }
        if case .sqlite(let code, _, _)? = error { #expect(code & 0xff == 13) } else { Issue.record("got \(String(describing: error))") }
        _ = try writer.performAndWait { try $0.run("PRAGMA max_page_count = 1073741823") }
        #expect(try writer.performAndWait(WriterTests.insert("after full")) > 0)
        writer.shutdown()
        #expect(try database.count("items") == 1)
    }

    @Test func performAndWaitFromTheWriterThreadTraps() async {
        await #expect(processExitsWith: .failure) {
            let database = try StoreTestDatabase()
            let writer = try WriterTests.makeWriter(database)
            _ = try writer.performAndWait { _ in try writer.performAndWait { _ in 1 } }
        }
    }
}
