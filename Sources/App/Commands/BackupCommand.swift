import Foundation
import Store

/// `worldgame backup`: a consistent online copy of a data dir's database, checked and described by a manifest.
///
/// Runs on the main thread through `BackupMaker` (its own read-only connection, one read snapshot: a running node
/// keeps committing meanwhile). `--to FILE` writes one backup; `--to-dir DIR --keep N` writes a timestamped one and
/// prunes the oldest (what the systemd timer runs).
enum BackupCommand: Subcommand {
    static let name = "backup"
    static let summary = "Consistent online copy of a running or stopped node's database (plus a manifest)"
    static let discussion = """
        Copies the database from one read snapshot with SQLite's online backup API (the node's writer is not
        blocked), runs PRAGMA integrity_check on the copy, fsyncs it, and writes FILE.manifest.json next to it:
        schema version, replication sequence number and checksum (null without a replication log), creation time,
        size and SHA-256 of FILE. Give exactly one of --to FILE or --to-dir DIR. With --to-dir the file is named
        worldgame-<UTC time>.db and only the newest --keep backups in DIR are kept. Exit 1 on any failure; a failed
        backup leaves no file behind. The JWT secret file is not part of the backup (see docs/backups.md).
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
        .value("to", "FILE", "Write the backup to FILE (must not exist)"),
        .value("to-dir", "DIR", "Write a timestamped backup into DIR and apply --keep"),
        .value("keep", "N", "With --to-dir: how many backups to keep in DIR", default: "7"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        let databasePath = arguments.databasePath
        let keep = try arguments.integer("keep", default: 7, range: 1...10_000)
        let maker = BackupMaker(databasePath: databasePath)
        let start = ContinuousClock.now
        switch (arguments.string("to"), arguments.string("to-dir")) {
        case (let file?, nil):
            let manifest = try maker.makeBackup(to: file)
            report(path: file, manifest: manifest, elapsed: ContinuousClock.now - start)
        case (nil, let directory?):
            let result = try maker.makeBackup(intoDirectory: directory, keep: keep)
            report(path: result.path, manifest: result.manifest, elapsed: ContinuousClock.now - start)
            for removed in result.removed { print("removed old backup \(removed) (keeping \(keep))") }
        default:
            throw CommandLineError.missingArgument(command: name, what: "exactly one of --to FILE or --to-dir DIR")
        }
        return 0
    }

    private static func report(path: String, manifest: BackupManifest, elapsed: Duration) {
        let position = manifest.replicationSequence.map { "replication seq \($0)" } ?? "no replication log"
        print("backup \(path): \(manifest.byteSize) bytes, sha256 \(manifest.sha256), schema \(manifest.schemaVersion), "
              + "\(position), integrity_check ok, \(Int(elapsed.milliseconds)) ms")
        print("manifest \(BackupManifest.path(forBackup: path))")
    }
}
