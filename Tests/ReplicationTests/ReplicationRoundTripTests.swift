import ClockTesting
import Foundation
import HTTP
import Locking
import Replication
import Store
import TestSupport
import Testing

/// A primary writer with the recorder and a standby writer with the applier, on real files, without HTTP.
@Suite struct ReplicationRoundTripTests {
    static let migration: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appending(path: "migrations/0007_replication.sql")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()
    static let schema = "CREATE TABLE items(id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;"

    /// One node: a writer with the recorder installed, over a fresh database.
    struct TestNode {
        let directory: TemporaryDirectory
        let node: ReplicationNode
        let feed: ReplicationFeed
        let writer: Writer

        init(role: ReplicationRole) throws {
            directory = try TemporaryDirectory(prefix: "replication-test")
            let path = directory.file("node.db")
            let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
            try connection.execute(ReplicationRoundTripTests.migration + ReplicationRoundTripTests.schema)
            connection.close()
            node = ReplicationNode(role: role, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: role == .standby ? "http://primary:1" : nil)
            feed = ReplicationFeed()
            let recorder = ReplicationRecorder(node: node, feed: feed, pruner: ReplicationPruner(retainedRecords: 1_000, feed: feed),
                                               clock: ManualClock(milliseconds: 42))
            writer = try Writer(configuration: StoreConfiguration(path: path), observers: [recorder])
        }

        func labels() throws -> [String] {
            try writer.performAndWait { transaction in
                try transaction.query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
            }
        }
    }

    @Test func standbyConvergesAndRepublishesEventsInOrder() throws {
        let primary = try TestNode(role: .primary)
        let standby = try TestNode(role: .standby)
        defer { primary.writer.shutdown(); standby.writer.shutdown() }
        // Mixed batches: inserts, updates, deletes and a read-only command (no record).
        try primary.writer.performAndWait { transaction in
            try transaction.run("INSERT INTO items(id, label) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
            transaction.attach([7])
        }
        try primary.writer.performAndWait { transaction in
            try transaction.run("UPDATE items SET label = 'B' WHERE id = 2")
            try transaction.run("DELETE FROM items WHERE id = 3")
            transaction.attach([8])
        }
        _ = try primary.writer.performAndWait { try $0.query("SELECT count(*) FROM items") }
        #expect(primary.node.current.headSeq == 2)
        let records = try #require(primary.feed.recordsInMemory(after: 0, maxBytes: 1 << 20))
        #expect(records.map(\.seq) == [1, 2])

        let published = Locked<[[UInt8]]>([])
        let applier = ReplicationApplier(writer: standby.writer, node: standby.node, clock: ManualClock(milliseconds: 50)) { applied in
            for record in applied {
                let attachments = (try? ReplicationEvents.decode(record.events)) ?? []
                published.withLock { $0.append(contentsOf: attachments) }
            }
        }
        try applier.apply(Array(records.prefix(1)))
        try applier.apply(Array(records.dropFirst()))
        #expect(try standby.labels() == ["a", "B"])
        #expect(standby.node.current.headSeq == 2)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        #expect(published.withLock { $0 } == [[7], [8]])
        let stored = try standby.writer.performAndWait { transaction in
            try ReplicationLog.records(after: 0, maxBytes: 1 << 20, in: transaction)
        }
        #expect(stored == records)
        let row = try standby.writer.performAndWait { try ReplicationLog.nodeRow(in: $0) }
        #expect(row.appliedSeq == 2 && row.appliedChecksum == records[1].checksum)

        #expect(throws: ReplicationError.self) { try applier.apply(records) }

        try primary.writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (4, 'd')") }
        let next = try #require(primary.feed.recordsInMemory(after: 2, maxBytes: 1 << 20))
        standby.node.update { $0.role = .primary }
        #expect(throws: ReplicationError.notStandby(seq: 3)) { try applier.apply(next) }
        #expect(try standby.labels() == ["a", "B"])
    }

    @Test func standbyRefusesWritesThatDidNotComeFromThePrimary() throws {
        let standby = try TestNode(role: .standby)
        defer { standby.writer.shutdown() }
        #expect(throws: ReplicationError.notPrimary(primaryURL: "http://primary:1")) {
            try standby.writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'rogue')") }
        }
        #expect(try standby.labels().isEmpty)
    }

    @Test func standbyPrunesItsOwnLogAndOncePromotedServesFromItsRetainedPoint() throws {
        let primary = try TestNode(role: .primary)
        let standby = try TestNode(role: .standby)
        defer { primary.writer.shutdown(); standby.writer.shutdown() }
        for id in 1...40 {
            try primary.writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (?, 'x')", [id]) }
        }
        let records = try #require(primary.feed.recordsInMemory(after: 0, maxBytes: 1 << 20))
        let pruner = ReplicationPruner(retainedRecords: 5, feed: standby.feed)
        #expect(pruner.intervalRecords == 5)
        let applier = ReplicationApplier(writer: standby.writer, node: standby.node, pruner: pruner,
                                         clock: ManualClock(milliseconds: 50)) { _ in }
        var start = 0
        while start < records.count {
            try applier.apply(Array(records[start..<min(start + 3, records.count)]))
            start += 3
        }
        let (oldest, count) = try standby.writer.performAndWait { transaction in
            (try ReplicationLog.oldestSeq(in: transaction), try transaction.query("SELECT seq FROM replication_log").count)
        }
        #expect(try #require(oldest) > 30 && count <= 10, "pruned to about the retention")
        #expect(standby.node.current.headSeq == 40)

        // Promoted, it serves its log from the retained point; older positions must bootstrap (410).
        standby.node.update { $0.role = .primary }
        let served = try ReplicationSnapshotTests.Served(standby)
        defer { served.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: served.server.localPort)
        defer { client.close() }
        let authorization = ReplicationHandshake.requestHeaders(secret: ReplicationSnapshotTests.secret,
                                                                version: .running(schemaVersion: nil))
        let retained = try client.send(.get, "/replication/records?after=\(try #require(oldest) - 1)", headers: authorization)
        #expect(retained.status == 200)
        let served40 = try ReplicationRecordCodec.decode(retained.body)
        #expect(served40.map(\.seq) == Array(try #require(oldest)...40))
        #expect(served40 == Array(records.suffix(served40.count)))
        #expect(try client.send(.get, "/replication/records?after=3", headers: authorization).status == 410)
    }
}
