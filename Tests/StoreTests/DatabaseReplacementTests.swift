import Foundation
import Locking
import Store
import Testing
import TestSupport

/// `Writer.performExclusiveAndWait` and `DatabaseReplacement`: a live database's contents replaced by another file's
/// while a separate read connection stays open.
@Suite struct DatabaseReplacementTests {
    @Test func exclusiveCommandRunsAloneBetweenBatchesOutsideATransaction() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        defer { writer.shutdown() }
        let order = Collected<String>()
        writer.submit({ transaction in try transaction.run("INSERT INTO items(label) VALUES ('before')") }) { _ in
            order.append("before")
        }
        let sawTransaction = try writer.performExclusiveAndWait { connection -> Bool in
            order.append("exclusive")
            let rows = try connection.query("SELECT count(*) AS n FROM items", [])
            // BEGIN succeeds only outside a transaction: the batch before committed and none is open.
            try connection.execute("BEGIN; COMMIT;")
            return try rows.first?.int("n") != 1
        }
        try writer.performAndWait { try $0.run("INSERT INTO items(label) VALUES ('after')") }
        order.append("after")
        #expect(!sawTransaction)
        #expect(order.all == ["before", "exclusive", "after"])
        #expect(try database.count("items") == 2)
        #expect(throws: CommandFailure(tag: "x")) {
            try writer.performExclusiveAndWait { _ in throw CommandFailure(tag: "x") }
        }
    }

    @Test func replacementSwapsContentsUnderAnOpenReaderAndTheWriterGoesOn() throws {
        let live = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(live)
        defer { writer.shutdown() }
        try writer.performAndWait { try $0.run("INSERT INTO items(label) VALUES ('old')") }
        let source = try StoreTestDatabase()
        let seed = try source.connection()
        try seed.execute(WriterTests.createItems)
        try seed.execute("CREATE TABLE extra(id INTEGER PRIMARY KEY) STRICT; INSERT INTO extra(id) VALUES (7);")
        for index in 0..<500 { try seed.run("INSERT INTO items(label) VALUES (?)", ["new-\(index)"]) }
        seed.close()

        let reader = try live.readOnlyConnection()
        defer { reader.close() }
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 1)
        let pages = try writer.performExclusiveAndWait { connection in
            try DatabaseReplacement.replace(contentsOf: connection, withDatabaseAt: source.configuration.path)
        }
        #expect(pages > 1)
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 500)
        #expect(try reader.queryOne("SELECT id FROM extra", [])?.int("id") == 7)
        try writer.performAndWait { try $0.run("INSERT INTO items(label) VALUES ('after')") }
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 501)
        let check = try live.connection()
        defer { check.close() }
        #expect(try check.integrityCheck() == ["ok"])
        #expect(try check.queryOne("PRAGMA journal_mode", [])?.string("journal_mode") == "wal")
    }

    @Test func aDestinationLockedTooLongEndsInADedicatedErrorAndLeavesItUnchanged() throws {
        let live = try StoreTestDatabase { $0.busyTimeout = .zero }
        let destination = try live.connection()
        defer { destination.close() }
        try destination.execute(WriterTests.createItems)
        try destination.run("INSERT INTO items(label) VALUES ('old')")
        let source = try StoreTestDatabase()
        let seed = try source.connection()
        try seed.execute(WriterTests.createItems)
        for index in 0..<50 { try seed.run("INSERT INTO items(label) VALUES (?)", ["new-\(index)"]) }
        seed.close()

        let blocker = try live.connection()
        defer { blocker.close() }
        try blocker.execute("BEGIN IMMEDIATE")
        let steps = Locked(0)
        #expect(throws: StoreError.replacementTimedOut(busyLimit: .milliseconds(200))) {
            try DatabaseReplacement.replace(contentsOf: destination, withDatabaseAt: source.configuration.path,
                                            busyLimit: .milliseconds(200)) { steps.withLock { $0 += 1 } }
        }
        #expect(steps.withLock { $0 } > 1, "busy steps back off and report liveness")
        try blocker.execute("ROLLBACK")
        #expect(try live.count("items") == 1)
        try DatabaseReplacement.replace(contentsOf: destination, withDatabaseAt: source.configuration.path)
        #expect(try live.count("items") == 50)
    }
}
