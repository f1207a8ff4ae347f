import Clocks
import Foundation
import Replication
import Store

/// `worldgame restore`: checks a backup completely, then restores it into a data dir atomically.
///
/// Runs on the main thread through `BackupRestorer`, with the node stopped (a database another process has open is
/// refused). The restored database is migrated forward by the next `serve`/`migrate`, as any older database is.
enum RestoreCommand: Subcommand {
    static let name = "restore"
    static let summary = "Restore a data dir from a backup (refuses a non-empty one without --force)"
    static let discussion = """
        Before touching the data dir: reads FILE.manifest.json, checks FILE's size and SHA-256 against it and runs
        PRAGMA integrity_check on FILE; a corrupted or truncated backup is refused with the reason. Then copies FILE
        next to DIR/worldgame.db (re-hashing while copying), fsyncs, checks the copy's integrity and renames it into
        place. A non-empty DIR is refused unless --force; with --force the old worldgame.db (and -wal/-shm) are moved
        into DIR/replaced-<UTC time>/, never deleted. Other files in DIR (the JWT secret) stay. --check-only verifies
        the backup and changes nothing. Stop the node first: restore takes the data dir's lock (DIR/worldgame.lock), so
        a running node's folder is refused with the node's pid, as is a database another process has open.
        Point in time: with --until-seq N the copy is first brought from the backup's replication seq to N by
        replaying log records (with the standby's applier: gaps and checksum mismatches are refused) found in the
        log archive (--archive, default DIR/log-archive, written by serve --log-archive) and in the replication log
        of DIR/worldgame.db and of --log-db FILE; only then does it replace anything. A DIR/worldgame.db that cannot
        be read (damaged) is left out with a warning; an unreadable --log-db is an error. See docs/backups.md.
        """
    static let options: [CommandOption] = [
        .dataDirectory("Folder to restore into"),
        .value("from", "FILE", "The backup file (FILE.manifest.json must be next to it)"),
        .flag("force", "Replace the database of a non-empty data dir (old files are moved aside)"),
        .flag("check-only", "Verify the backup (manifest, SHA-256, integrity) and change nothing"),
        .value("until-seq", "N", "Point-in-time: replay archived log records after the backup up to seq N"),
        .value("archive", "DIR", "With --until-seq: the log archive folder", default: "DATA_DIR/log-archive"),
        .value("log-db", "FILE", "With --until-seq: another database whose replication log may hold records"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        guard let file = arguments.string("from") else {
            throw CommandLineError.missingArgument(command: name, what: "--from FILE")
        }
        let restorer = BackupRestorer(backupPath: file)
        if try arguments.flag("check-only", default: false) {
            let manifest = try restorer.verify()
            print("backup \(file) is intact: \(manifest.byteSize) bytes, sha256 \(manifest.sha256), "
                  + "schema \(manifest.schemaVersion), taken \(manifest.createdAt)")
            return 0
        }
        let dataDirectory = arguments.dataDirectory
        let knownVersion = try DatabaseSetup.embeddedMigrations().map(\.version).max() ?? 0
        let replay = try pointInTimeReplay(arguments, dataDirectory: dataDirectory)
        var replayReport: PointInTimeReplay.Report?
        let force = try arguments.flag("force", default: false)
        let existed = FileManager.default.fileExists(atPath: dataDirectory)
        // Held until the restored database is in place: no `serve` or `migrate` can open the folder meanwhile.
        let lock = try arguments.lockDataDirectory(command: name)
        defer { lock.release() }
        let report: BackupRestorer.Report
        do {
            report = try restorer.restore(
                intoDirectory: dataDirectory, force: force, knownSchemaVersion: knownVersion,
                ignoredEntries: [DataDirectoryLock.fileName],
                prepare: replay.map { replay in { path in
                    replayReport = try replay.replayer.replay(into: path, untilSeq: replay.untilSeq, clock: SystemClock())
                } })
        } catch {
            if !existed { removeCreatedFolder(dataDirectory, lock: lock) }
            throw error
        }
        print("verified \(file): \(report.manifest.byteSize) bytes, sha256 \(report.manifest.sha256), integrity_check ok")
        if let folder = report.replacedFolder {
            print("moved the previous database aside into \(folder): "
                  + report.replacedFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
        }
        let position = report.manifest.replicationSequence.map { "replication seq \($0)" } ?? "no replication log"
        print("restored \(report.databasePath) from the backup taken \(report.manifest.createdAt) "
              + "(schema \(report.manifest.schemaVersion), \(position)); run 'worldgame verify' to check it")
        if let replayReport {
            print("replayed \(replayReport.replayedRecords) log record(s) after seq \(replayReport.fromSeq): "
                  + "reached seq \(replayReport.reachedSeq), checksum \(replayReport.checksum)")
        }
        return 0
    }

    /// A failed restore into a folder it created leaves nothing behind: the folder goes when it holds only the lock.
    private static func removeCreatedFolder(_ dataDirectory: String, lock: DataDirectoryLock) {
        lock.release()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? []
        guard entries.allSatisfy({ $0 == DataDirectoryLock.fileName }) else { return }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// The replay `--until-seq` asks for (nil without it): the archive folder (when it exists) and the log databases
    /// (the data dir's current database, read before it is moved aside, and `--log-db`).
    private static func pointInTimeReplay(_ arguments: ParsedArguments, dataDirectory: String) throws
        -> (replayer: PointInTimeReplay, untilSeq: Int64)? {
        guard arguments.string("until-seq") != nil else {
            for option in ["archive", "log-db"] where arguments.string(option) != nil {
                throw CommandLineError.missingArgument(command: name, what: "--until-seq N (needed by --\(option))")
            }
            return nil
        }
        let untilSeq = try arguments.integer("until-seq", default: 0, range: 0...Int.max)
        let archivePath = arguments.string("archive") ?? dataDirectory + "/log-archive"
        if arguments.string("archive") != nil && !FileManager.default.fileExists(atPath: archivePath) {
            throw CommandLineError.invalidValue(command: name, option: "--archive", value: archivePath,
                                                expected: "an existing log archive folder")
        }
        // The data dir's own database is read when it can be: a damaged one (a common reason to restore) is skipped
        // with a warning. --log-db was asked for explicitly: its errors stay fatal.
        let ownDatabases = [DataDirectory.databasePath(in: dataDirectory)].filter { FileManager.default.fileExists(atPath: $0) }
        var logDatabases: [String] = []
        if let extra = arguments.string("log-db") {
            guard FileManager.default.fileExists(atPath: extra) else {
                throw CommandLineError.invalidValue(command: name, option: "--log-db", value: extra, expected: "a database file")
            }
            logDatabases.append(extra)
        }
        let archive = FileManager.default.fileExists(atPath: archivePath) ? ReplicationArchive(directory: archivePath) : nil
        let replay = PointInTimeReplay(archive: archive, logDatabases: logDatabases, optionalLogDatabases: ownDatabases) {
            path, reason in
            FileHandle.standardError.write(Data(
                "worldgame restore: warning: cannot read the log of \(path), leaving it out of the sources: \(reason)\n".utf8))
        }
        return (replay, Int64(untilSeq))
    }
}
