import ClockTesting
import Clocks
import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// `BackupMaker`: consistent copies (also while a writer commits), manifests that describe the file, retention.
@Suite struct BackupMakerTests {
    /// A database with `pairs(a)` and `mirror(a)` tables that every write fills together, so a consistent snapshot
    /// always has equal counts.
    static func makeDatabase(rows: Int) throws -> StoreTestDatabase {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        defer { connection.close() }
        try connection.execute("CREATE TABLE pairs(a INTEGER PRIMARY KEY, payload TEXT) STRICT")
        try connection.execute("CREATE TABLE mirror(a INTEGER PRIMARY KEY) STRICT")
        try connection.execute("BEGIN")
        for index in 0..<rows {
            try connection.run("INSERT INTO pairs(a, payload) VALUES (?, ?)", [index, String(repeating: "x", count: 200)])
            try connection.run("INSERT INTO mirror(a) VALUES (?)", [index])
        }
        try connection.execute("COMMIT")
        return database
    }

    static func count(_ table: String, in path: String) throws -> Int {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        return try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int("n") ?? -1
    }

    @Test func manifestDescribesTheCopy() throws {
        let database = try Self.makeDatabase(rows: 2_000)
        let target = database.directory.file("copy.db")
        let manifest = try BackupMaker(databasePath: database.configuration.path).makeBackup(to: target)

        let data = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(manifest.byteSize == Int64(data.count))
        #expect(manifest.sha256 == (try SHA256Hex.of(file: target)))
        #expect(manifest.databaseFile == "copy.db")
        #expect(manifest.schemaVersion == 0)
        #expect(manifest.replicationSequence == nil && manifest.replicationChecksum == nil)
        #expect(manifest.pageCount * manifest.pageSize == data.count)
        #expect(try BackupManifest.read(forBackup: target) == manifest)
        #expect(try Self.count("pairs", in: target) == 2_000)
        #expect(!FileManager.default.fileExists(atPath: target + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
        let json = try String(contentsOfFile: BackupManifest.path(forBackup: target), encoding: .utf8)
        #expect(json.contains(#""replication_sequence" : null"#))
    }

    @Test func copyUnderConcurrentWritesIsOneConsistentSnapshot() throws {
        let database = try Self.makeDatabase(rows: 20_000)
        let stop = Atomic<Bool>(false)
        let committed = Atomic<Int>(0)
        let writerThread = Thread {
            guard let connection = try? database.connection() else { return }
            defer { connection.close() }
            var next = 1_000_000
            while !stop.load(ordering: .relaxed) {
                do {
                    try connection.execute("BEGIN IMMEDIATE")
                    for _ in 0..<10 {
                        try connection.run("INSERT INTO pairs(a, payload) VALUES (?, 'y')", [next])
                        try connection.run("INSERT INTO mirror(a) VALUES (?)", [next])
                        next += 1
                    }
                    try connection.execute("COMMIT")
                    committed.add(1, ordering: .relaxed)
                } catch {
                    try? connection.execute("ROLLBACK")
                }
            }
        }
        writerThread.start()
        _ = waitUntil(.seconds(10)) { committed.load(ordering: .relaxed) >= 20 }
        var maker = BackupMaker(databasePath: database.configuration.path)
        maker.pagesPerStep = 8   // many steps, so the writer commits between them
        let target = database.directory.file("under-load.db")
        try maker.makeBackup(to: target)
        let committedDuringBackup = committed.load(ordering: .relaxed)
        stop.store(true, ordering: .relaxed)

        let pairs = try Self.count("pairs", in: target)
        #expect(pairs == (try Self.count("mirror", in: target)))
        #expect(pairs > 20_000)
        #expect(committedDuringBackup > 20)
        try BackupMaker.checkIntegrity(of: target)
    }

    @Test func refusesToOverwriteAndLeavesNothingOnFailure() throws {
        let database = try Self.makeDatabase(rows: 10)
        let target = database.directory.file("exists.db")
        #expect(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        #expect(throws: BackupError.destinationExists(path: target)) {
            try BackupMaker(databasePath: database.configuration.path).makeBackup(to: target)
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        let missing = database.directory.file("missing.db")
        #expect(throws: BackupError.noDatabase(path: missing)) {
            try BackupMaker(databasePath: missing).makeBackup(to: database.directory.file("other.db"))
        }
    }

    @Test func retentionKeepsTheNewestBackups() throws {
        let database = try Self.makeDatabase(rows: 10)
        let folder = database.directory.file("backups")
        let clock = ManualClock(milliseconds: 1_790_000_000_000)
        let maker = BackupMaker(databasePath: database.configuration.path, clock: clock)
        var paths: [String] = []
        for day in 0..<4 {
            clock.set(milliseconds: 1_790_000_000_000 + Int64(day) * 86_400_000)
            let result = try maker.makeBackup(intoDirectory: folder, keep: 2)
            paths.append(result.path)
            #expect(result.removed == (day >= 2 ? [paths[day - 2]] : []))
        }
        #expect(try BackupRetention.backups(in: folder) == paths.suffix(2).map { ($0 as NSString).lastPathComponent })
        #expect(!FileManager.default.fileExists(atPath: BackupManifest.path(forBackup: paths[0])))
        #expect(paths[0].hasSuffix("/worldgame-20260921T141320Z.db"))
    }
}

extension BackupMakerTests {
    @Test func newestCoveredSequenceComesFromTheNewestManifestWithAPosition() throws {
        let database = try Self.makeDatabase(rows: 5)
        let connection = try database.connection()
        try connection.execute("CREATE TABLE replication_log(seq INTEGER PRIMARY KEY, checksum BLOB NOT NULL) STRICT")
        try connection.run("INSERT INTO replication_log(seq, checksum) VALUES (41, x'00ff'), (42, x'abcd')", [])
        connection.close()
        let folder = database.directory.file("covered")
        #expect(BackupRetention.newestCoveredSequence(in: folder) == nil)
        let maker = BackupMaker(databasePath: database.configuration.path, clock: ManualClock(milliseconds: 1_790_000_000_000))
        let first = try maker.makeBackup(intoDirectory: folder, keep: 5)
        #expect(first.manifest.replicationSequence == 42 && first.manifest.replicationChecksum == "abcd")
        #expect(BackupRetention.newestCoveredSequence(in: folder) == 42)
        // A newer backup whose manifest is unreadable does not count.
        let later = folder + "/" + BackupRetention.fileName(at: UnixMilliseconds(1_790_086_400_000))
        #expect(FileManager.default.createFile(atPath: later, contents: Data("not a database".utf8)))
        #expect(BackupRetention.newestCoveredSequence(in: folder) == 42)
    }
}

extension BackupMakerTests {
    @Test func newestBackupDateIsTheNewestReadableManifestsTime() throws {
        let database = try Self.makeDatabase(rows: 3)
        let folder = database.directory.file("dated")
        #expect(BackupRetention.newestBackupDate(in: folder) == nil)
        let clock = ManualClock(milliseconds: 1_790_000_000_000)
        let maker = BackupMaker(databasePath: database.configuration.path, clock: clock)
        _ = try maker.makeBackup(intoDirectory: folder, keep: 5)
        clock.advance(by: .seconds(3_600))
        _ = try maker.makeBackup(intoDirectory: folder, keep: 5)
        #expect(BackupRetention.newestBackupDate(in: folder) == Date(timeIntervalSince1970: 1_790_003_600))
        // A newer file without a readable manifest (a copy cut short) is not a successful backup.
        let later = folder + "/" + BackupRetention.fileName(at: UnixMilliseconds(1_790_090_000_000))
        #expect(FileManager.default.createFile(atPath: later, contents: Data("not a database".utf8)))
        #expect(BackupRetention.newestBackupDate(in: folder) == Date(timeIntervalSince1970: 1_790_003_600))
    }
}
