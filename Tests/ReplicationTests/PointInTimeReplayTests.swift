import ClockTesting
import Codecs
import Crypto
import Foundation
import Locking
@testable import Replication
import Store
import Telemetry
import TestSupport
import Testing

/// Point-in-time restore on real files: a primary writer with the recorder, an aggressive pruner and the log
/// archiver; a backup in the middle; then `BackupRestorer` + `PointInTimeReplay` to chosen seqs, compared with the
/// table as it was when that seq committed.
@Suite struct PointInTimeReplayTests {
    /// A primary that wrote `writes` batches (one item inserted or relabelled each), with a backup taken at seq
    /// `backupAt`; `snapshots[seq]` is the items table right after seq committed.
    struct History {
        let directory: TemporaryDirectory
        let databasePath: String
        let archive: ReplicationArchive
        let backupPath: String
        let snapshots: [Int64: [String]]
        let checksums: [Int64: String]

        init(writes: Int, backupAt: Int64) throws {
            directory = try TemporaryDirectory(prefix: "pitr-test")
            databasePath = directory.file("primary.db")
            archive = ReplicationArchive(directory: directory.file("log-archive"))
            backupPath = directory.file("backup.db")
            let connection = try Connection(configuration: StoreConfiguration(path: databasePath), readOnly: false)
            try connection.execute(ReplicationRoundTripTests.migration + ReplicationRoundTripTests.schema)
            connection.close()
            let node = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                       headCommittedAtMilliseconds: 0, primaryURL: nil)
            let feed = ReplicationFeed()
            let pruner = ReplicationPruner(retainedRecords: 3, intervalRecords: 5, feed: feed)
            ReplicationArchiver(archive: archive, logger: Logger(label: "pitr-test", level: .error))
                .install(into: pruner)
            let recorder = ReplicationRecorder(node: node, feed: feed, pruner: pruner, clock: ManualClock(milliseconds: 42))
            let writer = try Writer(configuration: StoreConfiguration(path: databasePath), observers: [recorder])
            defer { writer.shutdown() }
            var snapshots: [Int64: [String]] = [:]
            var checksums: [Int64: String] = [:]
            for step in 1...writes {
                try writer.performAndWait { transaction in
                    if step % 3 == 0 {
                        try transaction.run("UPDATE items SET label = ? WHERE id = ?", ["relabelled-\(step)", step - 1 + 1000])
                    } else {
                        try transaction.run("INSERT INTO items(id, label) VALUES (?, ?)", [step + 1000, "item-\(step)"])
                    }
                }
                let state = node.current
                snapshots[state.headSeq] = try Self.labels(writer)
                checksums[state.headSeq] = Hex.encode(state.headChecksum)
                if state.headSeq == backupAt { _ = try BackupMaker(databasePath: databasePath).makeBackup(to: backupPath) }
            }
            self.snapshots = snapshots
            self.checksums = checksums
        }

        static func labels(_ writer: Writer) throws -> [String] {
            try writer.performAndWait { transaction in
                try transaction.query("SELECT id || '=' || label AS entry FROM items ORDER BY id").map { try $0.string("entry") }
            }
        }

        /// Restores the backup into `name` and replays to `untilSeq` from the archive (and `logDatabases`, and
        /// `optionalLogDatabases`, whose failures go to `onSkipped`).
        func restore(into name: String, untilSeq: Int64, logDatabases: [String] = [], optionalLogDatabases: [String] = [],
                     windowRecords: Int = PointInTimeReplay.batchRecords,
                     onSkipped: @escaping @Sendable (String, String) -> Void = { _, _ in }) throws
            -> (report: PointInTimeReplay.Report?, dataDirectory: String) {
            let dataDirectory = directory.file(name)
            var report: PointInTimeReplay.Report?
            let replay = PointInTimeReplay(archive: archive, logDatabases: logDatabases,
                                           optionalLogDatabases: optionalLogDatabases, windowRecords: windowRecords,
                                           onSkippedSource: onSkipped)
            _ = try BackupRestorer(backupPath: backupPath).restore(
                intoDirectory: dataDirectory, force: false, knownSchemaVersion: 100) { path in
                    report = try replay.replay(into: path, untilSeq: untilSeq, clock: ManualClock(milliseconds: 7))
                }
            return (report, dataDirectory)
        }
    }

    static func labels(inDatabase path: String) throws -> [String] {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        return try connection.query("SELECT id || '=' || label AS entry FROM items ORDER BY id").map { try $0.string("entry") }
    }

    @Test func replaysArchivedRecordsToAMiddleSeq() throws {
        let history = try History(writes: 40, backupAt: 10)
        let segments = try history.archive.segments()
        #expect(segments.count >= 5)
        #expect(try PointInTimeReplayTests.oldestLiveSeq(history.databasePath) > 25)   // 11...25 exist only in the archive
        let restored = try history.restore(into: "at-25", untilSeq: 25)
        let report = try #require(restored.report)
        #expect(report.fromSeq == 10 && report.reachedSeq == 25 && report.replayedRecords == 15)
        #expect(report.checksum == history.checksums[25])
        let path = restored.dataDirectory + "/worldgame.db"
        #expect(try Self.labels(inDatabase: path) == history.snapshots[25])
        #expect(try Self.labels(inDatabase: path) != history.snapshots[26])
        // The restored log continues the primary's chain: its head is seq 25 with the primary's checksum.
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        #expect(try connection.integrityCheck() == ["ok"])
        let head = try #require(try ReplicationLog.head(in: connection))
        #expect(head.seq == 25 && Hex.encode(head.checksum) == history.checksums[25])
        #expect(try FileManager.default.contentsOfDirectory(atPath: restored.dataDirectory) == ["worldgame.db"])
    }

    @Test func combinesTheArchiveWithALiveLogForTheNewestRecords() throws {
        let history = try History(writes: 40, backupAt: 10)
        #expect(throws: ReplicationArchiveError.self) { try history.restore(into: "archive-only", untilSeq: 39) }
        let restored = try history.restore(into: "at-39", untilSeq: 39, logDatabases: [history.databasePath])
        #expect(restored.report?.reachedSeq == 39 && restored.report?.checksum == history.checksums[39])
        #expect(try Self.labels(inDatabase: restored.dataDirectory + "/worldgame.db") == history.snapshots[39])
    }

    @Test func replaysInSmallWindowsAcrossSegmentsAndTheLiveLog() throws {
        let history = try History(writes: 40, backupAt: 10)
        let restored = try history.restore(into: "windows", untilSeq: 39, logDatabases: [history.databasePath],
                                           windowRecords: 4)
        #expect(restored.report?.replayedRecords == 29 && restored.report?.checksum == history.checksums[39])
        #expect(try Self.labels(inDatabase: restored.dataDirectory + "/worldgame.db") == history.snapshots[39])
    }

    @Test func skipsADamagedOptionalLogDatabaseButNotARequiredOne() throws {
        let history = try History(writes: 40, backupAt: 10)
        let damaged = history.directory.file("damaged.db")
        try Data(repeating: 0x5a, count: 8_192).write(to: URL(fileURLWithPath: damaged))
        let skipped = Locked<[String]>([])
        let restored = try history.restore(into: "skipped", untilSeq: 39, logDatabases: [history.databasePath],
                                           optionalLogDatabases: [damaged]) { path, _ in skipped.withLock { $0.append(path) } }
        #expect(skipped.withLock { $0 } == [damaged])
        #expect(restored.report?.reachedSeq == 39 && restored.report?.checksum == history.checksums[39])
        #expect {
            try history.restore(into: "required", untilSeq: 39, logDatabases: [damaged])
        } throws: { error in
            guard case ReplicationArchiveError.logDatabaseUnreadable(let path, _) = error else { return false }
            return path == damaged
        }
        #expect(!FileManager.default.fileExists(atPath: history.directory.file("required/worldgame.db")))
    }

    @Test func refusesAGapWithoutTouchingTheDataDirectory() throws {
        let history = try History(writes: 40, backupAt: 10)
        let segment = try #require(try history.archive.segments().first { $0.firstSeq <= 20 && $0.lastSeq >= 20 })
        try FileManager.default.removeItem(atPath: segment.path)
        #expect {
            try history.restore(into: "gap", untilSeq: 30)
        } throws: { error in
            guard case ReplicationArchiveError.recordMissing(let missing, 10, 30, _) = error else { return false }
            return missing == segment.firstSeq
        }
        #expect(!FileManager.default.fileExists(atPath: history.directory.file("gap/worldgame.db")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: history.directory.file("gap")).isEmpty)
    }

    @Test func refusesADamagedSegmentAndATargetBeforeTheBackup() throws {
        let history = try History(writes: 30, backupAt: 10)
        #expect(throws: ReplicationArchiveError.targetBeforeBackup(backupSeq: 10, untilSeq: 9)) {
            try history.restore(into: "too-old", untilSeq: 9)
        }
        let segment = try #require(try history.archive.segments().first { $0.firstSeq > 10 })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment.path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: segment.path))
        #expect {
            try history.restore(into: "damaged", untilSeq: 25)
        } throws: { error in
            guard case ReplicationArchiveError.segmentCorrupted(let path, _) = error else { return false }
            return path == segment.path
        }
    }

    @Test func segmentNamesRoundTripAndOtherFilesAreIgnored() throws {
        let name = ReplicationArchive.name(firstSeq: 11, lastSeq: 1_000)
        #expect(name == "records-00000000000000000011-00000000000000001000.wgra")
        let range = ReplicationArchive.range(ofName: name)
        #expect(range?.first == 11 && range?.last == 1_000)
        #expect(ReplicationArchive.range(ofName: name + ".partial") == nil)
        #expect(ReplicationArchive.range(ofName: "records-5-4.wgra") == nil)
    }

    static func oldestLiveSeq(_ path: String) throws -> Int64 {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        return try ReplicationLog.oldestSeq(in: connection) ?? 0
    }
}
