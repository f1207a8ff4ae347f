import Clocks
import Foundation

/// Takes consistent online backups of a database file: `sqlite3_backup` from one read snapshot, then
/// `PRAGMA integrity_check` on the copy, fsync, rename into place, and a `BackupManifest` next to it.
///
/// A value; `makeBackup` runs entirely on the calling thread (blocking file and SQLite calls: a CLI command, a job
/// worker, never an event loop). The source is read through its own read-only connection inside one read transaction,
/// so a running node's writer is never blocked (WAL: readers and the writer do not wait on each other) and the copy is
/// the database as of one commit. While the copy runs, checkpoints cannot pass that snapshot, so the WAL may grow for
/// the copy's duration. Works the same on a stopped node, a running primary and a running standby.
///
/// ```swift
/// let manifest = try BackupMaker(databasePath: "/var/lib/worldgame/worldgame.db").makeBackup(to: "/backups/a.db")
/// ```
public struct BackupMaker: Sendable {
    /// The database to copy.
    public let databasePath: String
    /// Pages copied per `sqlite3_backup_step` call.
    public var pagesPerStep: Int32 = 1_024
    /// Stamps the manifest's `createdAt` and the file name of a backup into a folder.
    public let clock: any WallClock

    public init(databasePath: String, clock: any WallClock = SystemClock()) {
        self.databasePath = databasePath
        self.clock = clock
    }

    /// Copies the database to the new file `path` and writes `path.manifest.json`; returns the manifest.
    /// - Throws: `BackupError` (no source, target exists, integrity failure, file errors) or `StoreError`.
    @discardableResult
    public func makeBackup(to path: String) throws -> BackupManifest {
        try makeBackup(to: path, now: clock.now)
    }

    private func makeBackup(to path: String, now: UnixMilliseconds) throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw BackupError.noDatabase(path: databasePath) }
        let manifestPath = BackupManifest.path(forBackup: path)
        for existing in [path, manifestPath] where FileManager.default.fileExists(atPath: existing) {
            throw BackupError.destinationExists(path: existing)
        }
        let temporary = path + ".partial"
        try BackupFileSystem.removeIfPresent(temporary)
        do {
            let snapshot = try copySnapshot(to: temporary)
            try Self.checkIntegrity(of: temporary)
            try BackupFileSystem.synchronize(temporary)
            let digest = try BackupFileSystem.digest(of: temporary)
            try BackupFileSystem.move(temporary, to: path)
            let manifest = BackupManifest(
                format: BackupManifest.currentFormat, createdAt: BackupFileSystem.timestamps(now).rfc3339,
                databaseFile: (path as NSString).lastPathComponent, byteSize: digest.byteSize, sha256: digest.sha256,
                schemaVersion: snapshot.schemaVersion, replicationSequence: snapshot.replication?.sequence,
                replicationChecksum: snapshot.replication?.checksum, pageSize: snapshot.pageSize,
                pageCount: snapshot.pageCount, sourcePath: databasePath)
            try BackupFileSystem.writeAtomically(try manifest.jsonData(), to: manifestPath)
            try BackupFileSystem.synchronize(BackupFileSystem.folder(of: path))
            return manifest
        } catch {
            try? BackupFileSystem.removeIfPresent(temporary)
            throw error
        }
    }

    /// Backs up into `directory` as `worldgame-<UTC stamp>.db`, then keeps only the newest `keep` backups there.
    /// - Returns: the new backup's path and manifest, and the backup files removed by retention.
    public func makeBackup(intoDirectory directory: String, keep: Int) throws
        -> (path: String, manifest: BackupManifest, removed: [String]) {
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw BackupError.fileOperationFailed(operation: "create folder", path: directory,
                                                      reason: error.localizedDescription)
            }
        }
        let now = clock.now
        let path = directory + "/" + BackupRetention.fileName(at: now)
        let manifest = try makeBackup(to: path, now: now)
        let removed = try BackupRetention.prune(directory: directory, keep: keep)
        return (path, manifest, removed)
    }

    /// What the snapshot held besides its pages.
    struct SnapshotFacts {
        var schemaVersion: Int
        var replication: (sequence: Int64, checksum: String)?
        var pageSize: Int
        var pageCount: Int
    }

    /// Copies one read snapshot of the source into the new file `temporary` (left in rollback-journal mode, so the
    /// backup is one self-contained file).
    private func copySnapshot(to temporary: String) throws -> SnapshotFacts {
        let source = try Connection(configuration: StoreConfiguration(path: databasePath), readOnly: true)
        defer { source.close() }
        try source.execute("BEGIN")
        defer { try? source.execute("COMMIT") }
        let schemaVersion = try Self.schemaVersion(source)
        let replication = try BackupReplicationPosition.latest(in: source)
        let pageSize = try source.queryOne("PRAGMA page_size")?.int("page_size") ?? 0
        let destination = try SQLiteDatabase(path: temporary, readOnly: false)
        defer { destination.close() }
        let backup = try SQLiteBackup(source: source.database, destination: destination)
        var busySteps = 0
        copying: while true {
            switch try backup.step(pages: pagesPerStep) {
            case .done: break copying
            case .progressed: busySteps = 0
            case .busy:
                busySteps += 1   // BUSY/LOCKED, nothing copied: back off briefly instead of spinning.
                Thread.sleep(forTimeInterval: busySteps < 100 ? 0.001 : 0.01)
            }
        }
        let pageCount = backup.totalPages
        try backup.finish()
        try destination.execute("PRAGMA journal_mode=DELETE")
        return SnapshotFacts(schemaVersion: schemaVersion, replication: replication, pageSize: pageSize, pageCount: pageCount)
    }

    /// The highest applied migration version of `connection`'s database (0 before any migration).
    public static func schemaVersion(of connection: Connection) throws(StoreError) -> Int {
        try schemaVersion(connection)
    }

    /// The highest applied migration version (0 before any migration).
    static func schemaVersion(_ connection: Connection) throws(StoreError) -> Int {
        let table = try connection.queryOne(
            "SELECT count(*) AS present FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
        guard try table?.int("present") == 1 else { return 0 }
        return try connection.queryOne("SELECT coalesce(max(version), 0) AS version FROM schema_migrations")?
            .int("version") ?? 0
    }

    /// Runs `PRAGMA integrity_check` on the database file at `path` (read-only).
    /// - Throws: `BackupError.integrityCheckFailed` with the first problems reported.
    public static func checkIntegrity(of path: String) throws {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        let rows = try connection.integrityCheck()
        guard rows == ["ok"] else { throw BackupError.integrityCheckFailed(path: path, problems: Array(rows.prefix(5))) }
    }
}
