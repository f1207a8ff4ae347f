import ClockTesting
import Foundation
import Replication
import Store
import Testing
import TestSupport

/// `ReplicationRecorder`'s staleness check on a primary: it reads the log's head and the stored term in full only when
/// `PRAGMA data_version` says another connection committed since its last record (or the node's view moved), so a
/// change made by another connection between two batches must still refuse the next batch, however many batches
/// skipped the full check before it. Real SQLite files, a real `Writer`.
@Suite struct ReplicationRecorderTests {
    static let migration: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appending(path: "migrations/0007_replication.sql")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// What another process does to the database between two of the primary's batches.
    static let foreignChanges = [
        "INSERT INTO replication_log (seq, term, changeset, events, checksum, committed_at_ms) "
            + "VALUES ((SELECT max(seq) + 1 FROM replication_log), 1, x'00', x'', zeroblob(32), 0)",
        "UPDATE replication_node SET term = 2 WHERE id = 1",
    ]

    @Test(arguments: foreignChanges)
    func aChangeByAnotherConnectionRefusesTheNextBatch(change: String) throws {
        let directory = try TemporaryDirectory(prefix: "recorder-stale")
        let path = directory.file("node.db")
        let (node, writer) = try Self.primaryWriter(path: path)
        defer { writer.shutdown() }
        // Several batches in a row: the later ones find the view they verified unchanged.
        for id in 1...4 {
            try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (?, 'kept')", [id]) }
        }
        #expect(node.current.headSeq == 4)
        #expect(node.current.staleWriterReason == nil)

        let other = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        try other.execute(change)
        other.close()

        #expect(throws: StoreError.self) {
            try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (5, 'refused')") }
        }
        #expect(node.current.staleWriterReason != nil)
        #expect(node.current.headSeq == 4)
        let rows = try writer.performAndWait { transaction in
            try transaction.query("SELECT id FROM items ORDER BY id").map { try $0.int64("id") }
        }
        #expect(rows == [1, 2, 3, 4])
    }

    /// A write on another connection that leaves the log and the term alone is not a reason to refuse: the full
    /// check runs and finds the view current, and the batches after it go on.
    @Test func anotherConnectionsUnrelatedWriteIsCheckedAndAccepted() throws {
        let directory = try TemporaryDirectory(prefix: "recorder-unrelated")
        let path = directory.file("node.db")
        let (node, writer) = try Self.primaryWriter(path: path)
        defer { writer.shutdown() }
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'first')") }
        let other = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        try other.execute("UPDATE replication_node SET updated_at_ms = 7 WHERE id = 1")
        other.close()
        for id in 2...3 {
            try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (?, 'next')", [id]) }
        }
        #expect(node.current.staleWriterReason == nil)
        #expect(node.current.headSeq == 3)
    }

    /// A primary's node and its writer with the replication recorder, on a new database at `path` (the log's tables
    /// and `items`).
    static func primaryWriter(path: String) throws -> (ReplicationNode, Writer) {
        let setup = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        try setup.execute(Self.migration + "CREATE TABLE items(id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;")
        setup.close()
        let node = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let feed = ReplicationFeed()
        let recorder = ReplicationRecorder(node: node, feed: feed,
                                           pruner: ReplicationPruner(retainedRecords: 100, feed: feed),
                                           clock: ManualClock(milliseconds: 42))
        return (node, try Writer(configuration: StoreConfiguration(path: path), observers: [recorder]))
    }
}
