import ClockTesting
import Foundation
import Store
import Testing
import TestSupport

/// `BackupRestorer`: verification before any change, refusal of damaged backups, `--force` rules, atomic placement.
@Suite struct BackupRestorerTests {
    /// A backup of a 500-row database, and a scratch folder for data dirs.
    struct Fixture {
        let database: StoreTestDatabase
        let backupPath: String
        let manifest: BackupManifest

        init() throws {
            database = try BackupMakerTests.makeDatabase(rows: 500)
            backupPath = database.directory.file("backup.db")
            manifest = try BackupMaker(databasePath: database.configuration.path).makeBackup(to: backupPath)
        }

        func dataDirectory(_ name: String) -> String { database.directory.file(name) }
    }

    @Test func restoresIntoAMissingDataDirectory() throws {
        let fixture = try Fixture()
        let dataDirectory = fixture.dataDirectory("fresh")
        let report = try BackupRestorer(backupPath: fixture.backupPath)
            .restore(intoDirectory: dataDirectory, force: false, knownSchemaVersion: 0)
        #expect(report.databasePath == dataDirectory + "/worldgame.db")
        #expect(report.replacedFolder == nil && report.replacedFiles.isEmpty)
        #expect(report.manifest == fixture.manifest)
        #expect(try BackupMakerTests.count("pairs", in: report.databasePath) == 500)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory) == ["worldgame.db"])
        // The restored file opens as a normal node database (WAL) and stays intact.
        let connection = try Connection(configuration: StoreConfiguration(path: report.databasePath), readOnly: false)
        #expect(try connection.integrityCheck() == ["ok"])
        connection.close()
    }

    @Test func refusesATruncatedBackupBeforeTouchingAnything() throws {
        let fixture = try Fixture()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: fixture.backupPath))
        try handle.truncate(atOffset: UInt64(fixture.manifest.byteSize / 2))
        try handle.close()
        let dataDirectory = fixture.dataDirectory("untouched")
        #expect(throws: BackupError.sizeMismatch(path: fixture.backupPath, expectedBytes: fixture.manifest.byteSize,
                                                 actualBytes: fixture.manifest.byteSize / 2)) {
            try BackupRestorer(backupPath: fixture.backupPath).restore(intoDirectory: dataDirectory, force: false,
                                                                       knownSchemaVersion: 0)
        }
        #expect(!FileManager.default.fileExists(atPath: dataDirectory))
    }

    @Test func refusesAFlippedByte() throws {
        let fixture = try Fixture()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.backupPath))
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: fixture.backupPath))
        let error = try #require(throws: BackupError.self) { try BackupRestorer(backupPath: fixture.backupPath).verify() }
        guard case .checksumMismatch(let path, let expected, _) = error else {
            Issue.record("expected checksumMismatch, got \(error)")
            return
        }
        #expect(path == fixture.backupPath && expected == fixture.manifest.sha256)
    }

    @Test func refusesACorruptFileEvenWithAMatchingManifest() throws {
        let fixture = try Fixture()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.backupPath))
        let pageSize = fixture.manifest.pageSize
        for offset in (pageSize * 2)..<(pageSize * 4) { bytes[offset] = 0x5a }   // scribble over b-tree pages
        try bytes.write(to: URL(fileURLWithPath: fixture.backupPath))
        var manifest = fixture.manifest
        manifest.sha256 = try SHA256Hex.of(file: fixture.backupPath)
        try manifest.jsonData().write(to: URL(fileURLWithPath: BackupManifest.path(forBackup: fixture.backupPath)))
        #expect(throws: (any Error).self) { try BackupRestorer(backupPath: fixture.backupPath).verify() }
        let dataDirectory = fixture.dataDirectory("untouched")
        #expect(throws: (any Error).self) {
            try BackupRestorer(backupPath: fixture.backupPath).restore(intoDirectory: dataDirectory, force: true,
                                                                       knownSchemaVersion: 0)
        }
        #expect(!FileManager.default.fileExists(atPath: dataDirectory + "/worldgame.db"))
    }

    @Test func refusesAMissingManifestAndANewerSchema() throws {
        let fixture = try Fixture()
        let manifestPath = BackupManifest.path(forBackup: fixture.backupPath)
        var manifest = fixture.manifest
        manifest.schemaVersion = 99
        try manifest.jsonData().write(to: URL(fileURLWithPath: manifestPath))
        #expect(throws: BackupError.schemaTooNew(backupVersion: 99, knownVersion: 6)) {
            try BackupRestorer(backupPath: fixture.backupPath).restore(
                intoDirectory: fixture.dataDirectory("new"), force: false, knownSchemaVersion: 6)
        }
        try FileManager.default.removeItem(atPath: manifestPath)
        #expect(throws: BackupError.manifestMissing(manifestPath: manifestPath)) {
            try BackupRestorer(backupPath: fixture.backupPath).verify()
        }
    }

    @Test func forceMovesTheOldDatabaseAsideAndKeepsOtherFiles() throws {
        let fixture = try Fixture()
        let dataDirectory = fixture.dataDirectory("existing")
        let other = try BackupMakerTests.makeDatabase(rows: 3)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: other.configuration.path, toPath: dataDirectory + "/worldgame.db")
        #expect(FileManager.default.createFile(atPath: dataDirectory + "/secret.key", contents: Data("secret".utf8)))
        let restorer = BackupRestorer(backupPath: fixture.backupPath, clock: ManualClock(milliseconds: 1_790_000_000_000))

        let refusal = try #require(throws: BackupError.self) {
            try restorer.restore(intoDirectory: dataDirectory, force: false, knownSchemaVersion: 0)
        }
        #expect(refusal == .dataDirectoryNotEmpty(path: dataDirectory, entries: ["secret.key", "worldgame.db"]))
        #expect(try BackupMakerTests.count("pairs", in: dataDirectory + "/worldgame.db") == 3)

        let report = try restorer.restore(intoDirectory: dataDirectory, force: true, knownSchemaVersion: 0)
        #expect(report.replacedFolder == dataDirectory + "/replaced-20260921T141320Z")
        #expect(try BackupMakerTests.count("pairs", in: dataDirectory + "/worldgame.db") == 500)
        #expect(try BackupMakerTests.count("pairs", in: dataDirectory + "/replaced-20260921T141320Z/worldgame.db") == 3)
        #expect(try String(contentsOfFile: dataDirectory + "/secret.key", encoding: .utf8) == "secret")
    }

    @Test func refusesADatabaseAnotherConnectionHasOpen() throws {
        let fixture = try Fixture()
        let dataDirectory = fixture.dataDirectory("in-use")
        _ = try BackupRestorer(backupPath: fixture.backupPath).restore(intoDirectory: dataDirectory, force: false,
                                                                       knownSchemaVersion: 0)
        let running = try Connection(configuration: StoreConfiguration(path: dataDirectory + "/worldgame.db"), readOnly: false)
        _ = try running.queryOne("SELECT count(*) AS n FROM pairs")
        #expect(throws: BackupError.databaseInUse(path: dataDirectory + "/worldgame.db")) {
            try BackupRestorer(backupPath: fixture.backupPath).restore(intoDirectory: dataDirectory, force: true,
                                                                       knownSchemaVersion: 0)
        }
        running.close()
        _ = try BackupRestorer(backupPath: fixture.backupPath).restore(intoDirectory: dataDirectory, force: true,
                                                                       knownSchemaVersion: 0)
    }
}
