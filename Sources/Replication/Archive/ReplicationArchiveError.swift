/// What archiving log records or replaying them for a point-in-time restore can fail with; each case names the file
/// or sequence number involved, so the one-line description says what to do next.
public enum ReplicationArchiveError: Error, CustomStringConvertible, Equatable {
    /// A file-system step on `path` failed.
    case fileOperationFailed(operation: String, path: String, reason: String)
    /// The segment at `path` is damaged or is not an archive segment: `detail`.
    case segmentCorrupted(path: String, detail: String)
    /// The database at `path` has no replication log (migration 0007 missing), so nothing can be replayed onto it.
    case noReplicationLog(path: String)
    /// The log database at `path` (`restore --log-db`) cannot be read: `reason` (damaged, not a database).
    case logDatabaseUnreadable(path: String, reason: String)
    /// The target `untilSeq` lies before the backup's own position `backupSeq`: replay only moves forward.
    case targetBeforeBackup(backupSeq: Int64, untilSeq: Int64)
    /// No source holds record `missingSeq`, needed to go from `fromSeq` to `untilSeq`; `searched` lists the sources.
    case recordMissing(missingSeq: Int64, fromSeq: Int64, untilSeq: Int64, searched: [String])
    /// Two sources hold different records under `seq` (different histories, e.g. across a failover).
    case conflictingRecords(seq: Int64, first: String, second: String)

    public var description: String {
        switch self {
        case .fileOperationFailed(let operation, let path, let reason):
            "\(operation) \(path) failed: \(reason)"
        case .segmentCorrupted(let path, let detail):
            "log archive segment \(path) is corrupted: \(detail)"
        case .noReplicationLog(let path):
            "\(path) has no replication log (schema before migration 0007); point-in-time replay needs one"
        case .logDatabaseUnreadable(let path, let reason):
            "cannot read the replication log of \(path): \(reason); nothing was restored"
        case .targetBeforeBackup(let backupSeq, let untilSeq):
            "--until-seq \(untilSeq) is before the backup's replication seq \(backupSeq); choose an older backup"
        case .recordMissing(let missingSeq, let fromSeq, let untilSeq, let searched):
            "gap in the log: record \(missingSeq) (needed to replay \(fromSeq + 1)...\(untilSeq)) is in none of: "
                + searched.joined(separator: ", ") + "; nothing was restored"
        case .conflictingRecords(let seq, let first, let second):
            "record \(seq) differs between \(first) and \(second) (two different histories); nothing was restored"
        }
    }
}
