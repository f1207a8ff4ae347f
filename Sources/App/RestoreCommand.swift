import Foundation
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
        the backup and changes nothing. Stop the node first: a database in use is refused.
        """
    static let options: [CommandOption] = [
        .dataDirectory("Folder to restore into"),
        .value("from", "FILE", "The backup file (FILE.manifest.json must be next to it)"),
        .flag("force", "Replace the database of a non-empty data dir (old files are moved aside)"),
        .flag("check-only", "Verify the backup (manifest, SHA-256, integrity) and change nothing"),
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
        let report = try restorer.restore(intoDirectory: dataDirectory, force: try arguments.flag("force", default: false),
                                          knownSchemaVersion: knownVersion)
        print("verified \(file): \(report.manifest.byteSize) bytes, sha256 \(report.manifest.sha256), integrity_check ok")
        if let folder = report.replacedFolder {
            print("moved the previous database aside into \(folder): "
                  + report.replacedFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
        }
        let position = report.manifest.replicationSequence.map { "replication seq \($0)" } ?? "no replication log"
        print("restored \(report.databasePath) from the backup taken \(report.manifest.createdAt) "
              + "(schema \(report.manifest.schemaVersion), \(position)); run 'worldgame verify' to check it")
        return 0
    }
}
