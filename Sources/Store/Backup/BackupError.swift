/// Everything taking, checking or restoring a backup can fail with; each case names the file and the facts.
///
/// Descriptions are the one line `worldgame backup`/`restore` print on stderr, so they say what to do next.
public enum BackupError: Error, CustomStringConvertible, Equatable {
    /// There is no database file at `path` to back up.
    case noDatabase(path: String)
    /// The backup target `path` already exists; backups never overwrite a file.
    case destinationExists(path: String)
    /// `PRAGMA integrity_check` on `path` reported `problems` (the first few rows).
    case integrityCheckFailed(path: String, problems: [String])
    /// The manifest `manifestPath` of a backup is missing.
    case manifestMissing(manifestPath: String)
    /// The manifest at `manifestPath` is not a worldgame backup manifest: `reason`.
    case manifestUnreadable(manifestPath: String, reason: String)
    /// The backup file at `path` is `actualBytes` long where its manifest says `expectedBytes` (truncated?).
    case sizeMismatch(path: String, expectedBytes: Int64, actualBytes: Int64)
    /// The backup file's SHA-256 differs from the manifest's: the file is corrupted or is not the one described.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// The backup holds schema version `backupVersion` but this binary knows migrations only up to `knownVersion`.
    case schemaTooNew(backupVersion: Int, knownVersion: Int)
    /// The data dir `path` already holds `entries`; restoring over it needs `--force`.
    case dataDirectoryNotEmpty(path: String, entries: [String])
    /// The database at `path` is open in another process (a running node?); stop it first.
    case databaseInUse(path: String)
    /// A file-system step failed.
    case fileOperationFailed(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "no database at \(path); pass the node's --data-dir"
        case .destinationExists(let path):
            "\(path) already exists; backups never overwrite a file, choose another name or remove it"
        case .integrityCheckFailed(let path, let problems):
            "integrity_check failed on \(path): " + problems.prefix(5).joined(separator: "; ")
        case .manifestMissing(let manifestPath):
            "backup manifest \(manifestPath) is missing; a backup is the database file plus its .manifest.json"
        case .manifestUnreadable(let manifestPath, let reason):
            "backup manifest \(manifestPath) is unreadable: \(reason)"
        case .sizeMismatch(let path, let expectedBytes, let actualBytes):
            "backup \(path) is corrupted: \(actualBytes) bytes, the manifest says \(expectedBytes) (truncated copy?)"
        case .checksumMismatch(let path, let expected, let actual):
            "backup \(path) is corrupted: SHA-256 \(actual), the manifest says \(expected)"
        case .schemaTooNew(let backupVersion, let knownVersion):
            "the backup has schema version \(backupVersion); this binary knows up to \(knownVersion): use a newer worldgame"
        case .dataDirectoryNotEmpty(let path, let entries):
            "data dir \(path) is not empty (\(entries.prefix(5).joined(separator: ", "))); pass --force to replace its "
                + "database (the old files are moved aside, not deleted)"
        case .databaseInUse(let path):
            "database \(path) is in use by another process; stop the node before restoring"
        case .fileOperationFailed(let operation, let path, let reason):
            "\(operation) \(path) failed: \(reason)"
        }
    }
}
