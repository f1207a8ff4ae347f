import Dispatch
import Foundation
import Store
import Testing

@Suite struct ReaderPoolTests {
    @Test func readSeesOneSnapshotWhileTheWriterCommits() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        for number in 0..<10 { _ = try writer.performAndWait(WriterTests.insert("n\(number)")) }
        let pool = try ReaderPool(configuration: database.configuration, count: 2)
        #expect(pool.count == 2)
        let reader = pool.reader(0)
        let countSQL = "SELECT count(*) AS n FROM items"
        let (before, during) = try reader.read { snapshot in
            let before = try snapshot.queryOne(countSQL)?.int("n")
            _ = try writer.performAndWait(WriterTests.insert("committed meanwhile"))
            let during = try snapshot.queryOne(countSQL)?.int("n")
            return (before, during)
        }
        #expect(before == 10)
        #expect(during == 10)
        #expect(try reader.read { try $0.queryOne(countSQL)?.int("n") } == 11)
        pool.close()
        writer.shutdown()
    }

    @Test func readersNeverWaitForAWriterHoldingALongTransaction() throws {
        let database = try StoreTestDatabase { $0.busyTimeout = .seconds(3) }
        let writer = try WriterTests.makeWriter(database)
        _ = try writer.performAndWait(WriterTests.insert("committed"))
        let pool = try ReaderPool(configuration: database.configuration, count: 1)
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        writer.submit({ transaction in
            try transaction.run("INSERT INTO items(label) VALUES ('uncommitted')")
            try transaction.run("UPDATE items SET label = 'changed'")
            inside.signal()
            release.wait()
        }, completion: { _ in })
        inside.wait()
        let start = ContinuousClock.now
        let labels = try pool.reader(0).read { snapshot in
            try snapshot.query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        }
        let elapsed = ContinuousClock.now - start
        release.signal()
        writer.shutdown()
        #expect(labels == ["committed"])
        // A reader waiting on the writer would sit out the 3 s busy timeout and then fail with SQLITE_BUSY.
        #expect(elapsed < .seconds(1))
        #expect(try pool.reader(0).read { try $0.queryOne("SELECT count(*) AS n FROM items")?.int("n") } == 2)
        pool.close()
    }

    @Test func nestedReadsShareTheTransactionAndErrorsRollBack() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let pool = try ReaderPool(configuration: database.configuration, count: 1)
        let reader = pool.reader(0)
        let nested = try reader.read { outer in
            try reader.read { inner in try inner.queryOne("SELECT 1 AS one")?.int("one") }
        }
        #expect(nested == 1)
        #expect(throws: CommandFailure(tag: "read")) {
            try reader.read { _ in throw CommandFailure(tag: "read") }
        }
        // The failed read ended its transaction: the next one starts cleanly.
        #expect(try reader.read { try $0.query("SELECT * FROM items").count } == 0)
        pool.close()
        writer.shutdown()
    }

    @Test func closedPoolThrowsAndRefusesWrites() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let pool = try ReaderPool(configuration: database.configuration, count: 1)
        #expect(throws: StoreError.self) {
            try pool.reader(0).read { try $0.run("INSERT INTO items(label) VALUES ('x')") }
        }
        pool.close()
        pool.close()
        #expect(throws: StoreError.connectionClosed(path: database.configuration.path)) {
            try pool.reader(0).read { _ in 1 }
        }
        writer.shutdown()
    }

    /// The token check's read: one statement without BEGIN/COMMIT still sees every commit made before it (no snapshot
    /// is kept between calls), joins an enclosing `read`'s snapshot, leaves no transaction open (the `read` after it could
    /// not `BEGIN` otherwise), and throws once the pool is closed.
    @Test func oneStatementReadsSeeEachCommitAndKeepNoTransactionOpen() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let pool = try ReaderPool(configuration: database.configuration, count: 1)
        let reader = pool.reader(0)
        let countSQL = "SELECT count(*) AS n FROM items"
        for expected in 0..<3 {
            #expect(try reader.readOneStatement { try $0.queryOne(countSQL)?.int("n") } == expected)
            _ = try writer.performAndWait(WriterTests.insert("n\(expected)"))
        }
        let (inside, outside) = try reader.read { snapshot in
            _ = try snapshot.queryOne(countSQL)
            _ = try writer.performAndWait(WriterTests.insert("committed meanwhile"))
            let inside = try reader.readOneStatement { try $0.queryOne(countSQL)?.int("n") }
            return (inside, try reader.readOneStatement { try $0.queryOne(countSQL)?.int("n") })
        }
        #expect(inside == 3 && outside == 3, "inside a read, the enclosing snapshot")
        #expect(try reader.readOneStatement { try $0.queryOne(countSQL)?.int("n") } == 4)
        pool.close()
        #expect(throws: StoreError.connectionClosed(path: database.configuration.path)) {
            try reader.readOneStatement { try $0.queryOne(countSQL)?.int("n") }
        }
        writer.shutdown()
    }

    @Test func readerIsBoundToItsFirstThread() async {
        await #expect(processExitsWith: .failure) {
            let database = try StoreTestDatabase()
            let writer = try WriterTests.makeWriter(database)
            let pool = try ReaderPool(configuration: database.configuration, count: 1)
            _ = try pool.reader(0).read { _ in 1 }
            let done = DispatchSemaphore(value: 0)
            Thread {
                _ = try? pool.reader(0).read { _ in 1 }
                done.signal()
            }.start()
            done.wait()
            writer.shutdown()
        }
    }
}
