import Clocks
import Foundation

/// Checks a backup (manifest, size, SHA-256, `integrity_check`) and restores it into a node's data dir atomically.
///
/// A value; runs on the calling thread (the `worldgame restore` command, with the node stopped). Order: verify the
/// backup completely before touching the data dir; refuse a non-empty data dir unless `force`; refuse a database
/// another process has open; copy next to the target while re-hashing, fsync, `integrity_check` the copy, move the
/// old database files aside into `replaced-<stamp>/` (never deleted), rename the copy into place, fsync the folder.
public struct BackupRestorer: Sendable {
    /// The backup file (its manifest is `backupPath.manifest.json`).
    public let backupPath: String
    /// Stamps the `replaced-<stamp>/` folder the previous database files move into.
    public let clock: any WallClock

    /// What a restore did.
    public struct Report: Sendable, Equatable {
        public var manifest: BackupManifest
        /// The restored database file.
        public var databasePath: String
        /// Where the previous database files went (nil when there were none).
        public var replacedFolder: String?
        /// The files moved there.
        public var replacedFiles: [String]
    }

    public init(backupPath: String, clock: any WallClock = SystemClock()) {
        self.backupPath = backupPath
        self.clock = clock
    }

    /// Checks the backup without changing anything; returns its manifest.
    /// - Throws: `BackupError` (missing/unreadable manifest, size or checksum mismatch, integrity failure).
    public func verify() throws -> BackupManifest {
        let manifest = try BackupManifest.read(forBackup: backupPath)
        guard FileManager.default.fileExists(atPath: backupPath) else { throw BackupError.noDatabase(path: backupPath) }
        let digest = try BackupFileSystem.digest(of: backupPath)
        try Self.check(digest, against: manifest, path: backupPath)
        try BackupMaker.checkIntegrity(of: backupPath)
        return manifest
    }

    /// Restores the backup as `dataDirectory/worldgame.db`.
    /// - Parameters:
    ///   - force: replace an existing database (its files are moved aside into `replaced-<stamp>/`).
    ///   - knownSchemaVersion: the newest migration this binary has; a backup with a newer schema is refused.
    ///   - prepare: runs on the checked copy (its path) before it replaces anything, e.g. a point-in-time replay; the
    ///     copy's integrity is checked again afterwards. If it throws, the data dir is left untouched.
    ///   - ignoredEntries: names in the data dir that do not make it "non-empty" (the caller's lock file).
    public func restore(intoDirectory dataDirectory: String, force: Bool, knownSchemaVersion: Int,
                        ignoredEntries: Set<String> = [],
                        prepare: ((String) throws -> Void)? = nil) throws -> Report {
        let manifest = try verify()
        guard manifest.schemaVersion <= knownSchemaVersion else {
            throw BackupError.schemaTooNew(backupVersion: manifest.schemaVersion, knownVersion: knownSchemaVersion)
        }
        let entries = try Self.entries(of: dataDirectory).filter { !ignoredEntries.contains($0) }
        if !entries.isEmpty && !force {
            throw BackupError.dataDirectoryNotEmpty(path: dataDirectory, entries: entries)
        }
        try Self.createIfMissing(dataDirectory)
        let target = dataDirectory + "/worldgame.db"
        if FileManager.default.fileExists(atPath: target) { try Self.ensureNotInUse(target) }
        let temporary = dataDirectory + "/.worldgame.db.restoring"
        try BackupFileSystem.removeIfPresent(temporary)
        do {
            let digest = try BackupFileSystem.copy(backupPath, to: temporary)
            try Self.check(digest, against: manifest, path: temporary)
            try BackupMaker.checkIntegrity(of: temporary)
            if let prepare {
                try prepare(temporary)
                try BackupMaker.checkIntegrity(of: temporary)
            }
            let replaced = try Self.moveAside(target, into: dataDirectory, now: clock.now)
            try BackupFileSystem.move(temporary, to: target)
            try BackupFileSystem.synchronize(dataDirectory)
            return Report(manifest: manifest, databasePath: target, replacedFolder: replaced.folder,
                          replacedFiles: replaced.files)
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? BackupFileSystem.removeIfPresent(temporary + suffix) }
            throw error
        }
    }

    private static func check(_ digest: (sha256: String, byteSize: Int64), against manifest: BackupManifest,
                              path: String) throws(BackupError) {
        guard digest.byteSize == manifest.byteSize else {
            throw .sizeMismatch(path: path, expectedBytes: manifest.byteSize, actualBytes: digest.byteSize)
        }
        guard digest.sha256 == manifest.sha256.lowercased() else {
            throw .checksumMismatch(path: path, expected: manifest.sha256, actual: digest.sha256)
        }
    }

    /// The data dir's entries (empty when it does not exist yet).
    private static func entries(of dataDirectory: String) throws(BackupError) -> [String] {
        guard FileManager.default.fileExists(atPath: dataDirectory) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: dataDirectory).sorted()
        } catch {
            throw .fileOperationFailed(operation: "list", path: dataDirectory, reason: error.localizedDescription)
        }
    }

    /// Creates the data dir (mode 0700, as `serve` would) when it does not exist.
    private static func createIfMissing(_ dataDirectory: String) throws(BackupError) {
        guard !FileManager.default.fileExists(atPath: dataDirectory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileOperationFailed(operation: "create folder", path: dataDirectory, reason: error.localizedDescription)
        }
    }

    /// Moves `target` and its `-wal`/`-shm` companions into `replaced-<stamp>/`; returns the folder and the files.
    private static func moveAside(_ target: String, into dataDirectory: String, now: UnixMilliseconds) throws(BackupError)
        -> (folder: String?, files: [String]) {
        let present = ["", "-wal", "-shm", "-journal"].map { target + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        guard !present.isEmpty else { return (nil, []) }
        let folder = dataDirectory + "/replaced-" + BackupFileSystem.timestamps(now).fileStamp
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileOperationFailed(operation: "create folder", path: folder, reason: error.localizedDescription)
        }
        var moved: [String] = []
        for path in present {
            let destination = folder + "/" + (path as NSString).lastPathComponent
            try BackupFileSystem.move(path, to: destination)
            moved.append(destination)
        }
        return (folder, moved)
    }
}

extension BackupRestorer {
    /// Throws `.databaseInUse` when another process has the database at `path` open.
    ///
    /// Leaving WAL mode (`PRAGMA journal_mode=DELETE`) needs the only connection to the file; with no busy timeout it
    /// fails at once with `SQLITE_BUSY` while a node runs. On success it has also checkpointed the WAL, so the files
    /// moved aside are one self-contained database. A file SQLite cannot read at all is left to be moved aside.
    static func ensureNotInUse(_ path: String) throws(BackupError) {
        guard let database = try? SQLiteDatabase(path: path, readOnly: false) else { return }
        defer { database.close() }
        do {
            let statement = try database.prepare("PRAGMA journal_mode=DELETE", persistent: false)
            defer { statement.finalize() }
            let mode = try statement.execute([], rowLimit: 1).first?.string("journal_mode") ?? ""
            guard mode.lowercased() == "delete" else { throw BackupError.databaseInUse(path: path) }
        } catch let error as StoreError {
            let busyOrLocked: Set<Int32> = [5, 6]   // SQLITE_BUSY, SQLITE_LOCKED (primary codes)
            if case .sqlite(let code, _, _) = error, busyOrLocked.contains(code & 0xff) {
                throw .databaseInUse(path: path)
            }
        } catch let error as BackupError {
            throw error
        } catch {
            return
        }
    }
}
