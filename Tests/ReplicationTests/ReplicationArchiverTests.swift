import ClockTesting
import Foundation
import Locking
@testable import Replication
import Store
import Telemetry
import TestSupport
import Testing

/// The log archive as the pruner drives it: a standby's pruning archives too (so a point-in-time restore has no hole
/// after a failover), and a long backlog is archived in capped segments, pruned step by step.
@Suite struct ReplicationArchiverTests {
    /// A database with the replication tables and the test `items` table.
    static func makeDatabase(_ path: String) throws {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        defer { connection.close() }
        try connection.execute(ReplicationRoundTripTests.migration + ReplicationRoundTripTests.schema)
    }

    static func insert(_ writer: Writer, _ step: Int) throws {
        try writer.performAndWait { transaction in
            try transaction.run("INSERT INTO items(id, label) VALUES (?, ?)", [step, "item-\(step)"])
        }
    }

    /// The seqs the archive's segments hold, in order (read and checked), and the largest segment's record count.
    static func archived(_ archive: ReplicationArchive) throws -> (seqs: [Int64], largestSegment: Int) {
        var seqs: [Int64] = []
        var largest = 0
        for segment in try archive.segments() {
            let records = try ReplicationArchive.read(segment)
            seqs.append(contentsOf: records.map(\.seq))
            largest = max(largest, records.count)
        }
        return (seqs, largest)
    }

    @Test func aStandbyArchivesTheRecordsItPrunes() throws {
        let directory = try TemporaryDirectory(prefix: "archiver-standby")
        let primaryPath = directory.file("primary.db")
        let standbyPath = directory.file("standby.db")
        try Self.makeDatabase(primaryPath)
        try Self.makeDatabase(standbyPath)
        // The primary keeps everything; its records are then applied to the standby in runs of 4.
        let primaryNode = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                          headCommittedAtMilliseconds: 0, primaryURL: nil)
        let primaryPruner = ReplicationPruner(retainedRecords: 1_000, feed: ReplicationFeed())
        let primaryRecorder = ReplicationRecorder(node: primaryNode, feed: ReplicationFeed(), pruner: primaryPruner,
                                                  clock: ManualClock(milliseconds: 42))
        let primary = try Writer(configuration: StoreConfiguration(path: primaryPath), observers: [primaryRecorder])
        for step in 1...30 { try Self.insert(primary, step) }
        let records = try primary.performAndWait { transaction in
            try ReplicationLog.records(after: 0, maxBytes: 1 << 24, in: transaction)
        }
        primary.shutdown()
        #expect(records.count == 30)

        let archive = ReplicationArchive(directory: directory.file("standby-archive"))
        let standbyNode = ReplicationNode(role: .standby, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                          headCommittedAtMilliseconds: 0, primaryURL: nil)
        let pruner = ReplicationPruner(retainedRecords: 3, intervalRecords: 5, feed: ReplicationFeed())
        ReplicationArchiver(archive: archive, logger: Logger(label: "archiver-test", level: .error)).install(into: pruner)
        let standby = try Writer(configuration: StoreConfiguration(path: standbyPath))
        defer { standby.shutdown() }
        let applier = ReplicationApplier(writer: standby, node: standbyNode, pruner: pruner, clock: ManualClock(milliseconds: 43),
                                         onApplied: { _ in })
        for start in stride(from: 0, to: records.count, by: 4) {
            try applier.apply(Array(records[start..<min(records.count, start + 4)]))
        }
        let oldestLive = try standby.performAndWait { try ReplicationLog.oldestSeq(in: $0) } ?? 0
        #expect(oldestLive > 20)
        // Every record the standby pruned is in its archive, in order: nothing was deleted without being archived.
        let archived = try Self.archived(archive)
        #expect(archived.seqs == Array(1..<oldestLive))
    }

    @Test func aBacklogIsArchivedInCappedSegmentsAndPrunedStepByStep() throws {
        let directory = try TemporaryDirectory(prefix: "archiver-backlog")
        let path = directory.file("primary.db")
        try Self.makeDatabase(path)
        let node = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let feed = ReplicationFeed()
        let pruner = ReplicationPruner(retainedRecords: 3, intervalRecords: 3, feed: feed)
        // No backup covers anything at first (pruning is held back), then everything is covered.
        let covered = Locked<Int64?>(nil)
        pruner.setBackupCoverage { covered.withLock { $0 } }
        let archive = ReplicationArchive(directory: directory.file("log-archive"))
        ReplicationArchiver(archive: archive, segmentRecords: 8, logger: Logger(label: "archiver-test", level: .error))
            .install(into: pruner)
        let recorder = ReplicationRecorder(node: node, feed: feed, pruner: pruner, clock: ManualClock(milliseconds: 42))
        let writer = try Writer(configuration: StoreConfiguration(path: path), observers: [recorder])
        defer { writer.shutdown() }
        for step in 1...30 { try Self.insert(writer, step) }
        #expect(try archive.segments().isEmpty)
        covered.withLock { $0 = 1_000 }
        for step in 31...35 { try Self.insert(writer, step) }
        // The prune at seq 33 may delete through 30 but archives (and so deletes) only the oldest 8 records.
        #expect(try archive.segments().map { [$0.firstSeq, $0.lastSeq] } == [[1, 8]])
        #expect(try writer.performAndWait { try ReplicationLog.oldestSeq(in: $0) } == 9)
        for step in 36...80 { try Self.insert(writer, step) }
        let archived = try Self.archived(archive)
        #expect(archived.largestSegment == 8)
        let oldestLive = try writer.performAndWait { try ReplicationLog.oldestSeq(in: $0) } ?? 0
        #expect(archived.seqs == Array(1..<oldestLive))
        #expect(oldestLive == 76)   // caught up: the prune at seq 78 archived through its limit, 75
    }
}
