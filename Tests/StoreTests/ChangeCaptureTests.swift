import Foundation
import Store
import Testing
import TestSupport

/// The writer's session capture, `Transaction.applyChangeset` and `SQLiteChangeset.invert`.
@Suite struct ChangeCaptureTests {
    static let schema = """
        CREATE TABLE items(id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;
        CREATE TABLE log(seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL) STRICT;
        """

    /// A writer whose observer stores every batch's changeset and attachments (and copies them into `log` when
    /// `storeInLog`, which the session must not record).
    static func capturingWriter(_ database: StoreTestDatabase, batches: Collected<WriterBatch>) throws -> Writer {
        var observer = WriterObserverSpy()
        observer.changeCapture = WriterChangeCapture(excludedTables: ["log"])
        observer.onWillCommit = { batch, transaction in
            batches.append(batch)
            if !batch.changeset.isEmpty {
                try transaction.run("INSERT INTO log(bytes) VALUES (?)", [batch.changeset])
            }
        }
        let writer = try Writer(configuration: database.configuration, observers: [observer])
        try writer.performAndWait { try $0.execute(schema) }
        return writer
    }

    @Test func batchChangesetHoldsNetChangesAndSkipsExcludedTables() throws {
        let database = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        let writer = try Self.capturingWriter(database, batches: batches)
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            try transaction.run("INSERT INTO items(id, label) VALUES (1, 'a'), (2, 'b')")
            try transaction.run("UPDATE items SET label = 'c' WHERE id = 2")
        }
        let changeset = try #require(batches.all.last?.changeset)
        let operations = try SQLiteChangeset.operations(in: changeset)
        #expect(operations.map(\.table) == ["items", "items"])
        #expect(operations.map(\.operation) == ["insert", "insert"])
        #expect(try database.count("log") == 1)
    }

    @Test func commandRolledBackToItsSavepointLeavesNothing() throws {
        let database = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        let writer = try Self.capturingWriter(database, batches: batches)
        defer { writer.shutdown() }
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (7, 'kept')") }
        let countBefore = batches.all.count
        #expect(throws: CommandFailure.self) {
            try writer.performAndWait { transaction -> Void in
                try transaction.run("INSERT INTO items(id, label) VALUES (8, 'gone')")
                try transaction.run("UPDATE items SET label = 'changed' WHERE id = 7")
                try transaction.run("DELETE FROM items WHERE id = 7")
                transaction.attach([1, 2, 3])
                throw CommandFailure(tag: "roll back")
            }
        }
        let failedBatch = try #require(batches.all.dropFirst(countBefore).first)
        #expect(failedBatch.changeset.isEmpty)
        #expect(failedBatch.attachments.isEmpty)
    }

    @Test func nestedSavepointRollbackDropsItsChangesAndAttachments() throws {
        let database = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        let writer = try Self.capturingWriter(database, batches: batches)
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            transaction.attach([1])
            try transaction.run("INSERT INTO items(id, label) VALUES (1, 'kept')")
            _ = try? transaction.withSavepoint("inner") { () throws -> Void in
                transaction.attach([2])
                try transaction.run("INSERT INTO items(id, label) VALUES (2, 'gone')")
                throw CommandFailure(tag: "inner")
            }
        }
        let batch = try #require(batches.all.last)
        #expect(batch.attachments == [[1]])
        #expect(try SQLiteChangeset.operations(in: batch.changeset).count == 1)
    }

    @Test func applyReproducesChangesAndInvertUndoesThem() throws {
        let primary = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        let writer = try Self.capturingWriter(primary, batches: batches)
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'a'), (2, 'b'), (3, 'c')") }
        try writer.performAndWait { transaction in
            try transaction.run("UPDATE items SET label = 'B' WHERE id = 2")
            try transaction.run("DELETE FROM items WHERE id = 3")
        }
        writer.shutdown()
        let changesets = batches.all.map(\.changeset).filter { !$0.isEmpty }
        #expect(changesets.count == 2)

        let standby = try StoreTestDatabase()
        let standbyWriter = try Writer(configuration: standby.configuration)
        defer { standbyWriter.shutdown() }
        try standbyWriter.performAndWait { try $0.execute(Self.schema) }
        for changeset in changesets {
            try standbyWriter.performAndWait { try $0.applyChangeset(changeset) }
        }
        let labels = try standbyWriter.performAndWait { transaction in
            try transaction.query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        }
        #expect(labels == ["a", "B"])

        let inverse = try SQLiteChangeset.invert(changesets[1])
        try standbyWriter.performAndWait { try $0.applyChangeset(inverse) }
        let restored = try standbyWriter.performAndWait { transaction in
            try transaction.query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        }
        #expect(restored == ["a", "b", "c"])
    }

    @Test func conflictIsAHardErrorAndAppliesNothing() throws {
        let primary = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        let writer = try Self.capturingWriter(primary, batches: batches)
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'a'), (2, 'b')") }
        writer.shutdown()
        let changeset = try #require(batches.all.last?.changeset)

        let standby = try StoreTestDatabase()
        let standbyWriter = try Writer(configuration: standby.configuration)
        defer { standbyWriter.shutdown() }
        try standbyWriter.performAndWait { transaction in
            try transaction.execute(Self.schema)
            try transaction.run("INSERT INTO items(id, label) VALUES (2, 'already here')")
        }
        #expect(throws: StoreError.changesetConflict(kind: "conflict", table: "items", operation: "insert")) {
            try standbyWriter.performAndWait { try $0.applyChangeset(changeset) }
        }
        #expect(try standby.count("items") == 1)
    }

    @Test func triggersDoNotFireAgainWhileApplying() throws {
        let triggerSchema = Self.schema + """
            CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, item_id INTEGER NOT NULL UNIQUE) STRICT;
            CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit(item_id) VALUES (NEW.id); END;
            """
        let primary = try StoreTestDatabase()
        let batches = Collected<WriterBatch>()
        var observer = WriterObserverSpy()
        observer.changeCapture = WriterChangeCapture(excludedTables: ["log"])
        observer.onWillCommit = { batch, _ in batches.append(batch) }
        let writer = try Writer(configuration: primary.configuration, observers: [observer])
        try writer.performAndWait { try $0.execute(triggerSchema) }
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'a')") }
        writer.shutdown()
        let changeset = try #require(batches.all.last?.changeset)

        let standby = try StoreTestDatabase()
        let standbyWriter = try Writer(configuration: standby.configuration)
        defer { standbyWriter.shutdown() }
        try standbyWriter.performAndWait { try $0.execute(triggerSchema) }
        try standbyWriter.performAndWait { try $0.applyChangeset(changeset) }
        #expect(try standby.count("audit") == 1)
        try standbyWriter.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (2, 'b')") }
        #expect(try standby.count("audit") == 2)
    }

    // No test feeds arbitrary bytes to invert/apply: SQLite 3.40's session module can spin forever on some corrupt
    // changesets (seen with [0x54, 0xff, 0x00]), so only checksum-verified log records ever reach it (see
    // `SQLiteChangeset`'s doc comment and `ReplicationApplier`).
}
