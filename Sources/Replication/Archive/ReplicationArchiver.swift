import Store
import Telemetry

/// The pruner's "before deleting" hook that copies the records about to be pruned into the log archive
/// (`serve --log-archive DIR`), so a point-in-time restore can replay them later.
///
/// Runs on the writer thread inside the batch that prunes (`ReplicationPruner.setBeforeDelete`): reads the records
/// through `throughSeq` that are still in the log (at most `segmentRecords` of them, oldest first), writes them as one
/// fsynced segment, and only then lets the pruner delete them; after hours without pruning, the backlog is archived
/// and pruned one capped segment per prune, so memory on the writer thread stays bounded. Primary and standby alike
/// (the pruner calls it on both). If archiving fails (disk full, permissions), it logs an error and returns nil:
/// nothing is pruned and the log grows until archiving works again; game writes are never failed because of it.
public final class ReplicationArchiver: Sendable {
    /// Records one call archives at most by default.
    public static let defaultSegmentRecords = 10_000

    public let archive: ReplicationArchive
    /// Records one call archives at most (one segment); the pruner deletes only what was archived.
    public let segmentRecords: Int
    private let logger: Logger

    public init(archive: ReplicationArchive, segmentRecords: Int = ReplicationArchiver.defaultSegmentRecords, logger: Logger) {
        self.archive = archive
        self.segmentRecords = max(1, segmentRecords)
        self.logger = logger
    }

    /// Wires this archiver into `pruner`.
    public func install(into pruner: ReplicationPruner) {
        pruner.setBeforeDelete { [self] throughSeq, transaction in archiveRecords(through: throughSeq, in: transaction) }
    }

    /// Archives the oldest `segmentRecords` of the log's records with seq ≤ `throughSeq` (but never the newest record,
    /// which pruning keeps); returns the highest seq now archived (what may be deleted), or nil when nothing may.
    func archiveRecords(through throughSeq: Int64, in executor: any SQLExecutor) -> Int64? {
        do {
            let records = try Self.records(through: throughSeq, limit: segmentRecords, in: executor)
            guard let last = records.last else { return nil }
            let path = try archive.write(records)
            logger.info("log records archived", [("first_seq", .int(records[0].seq)), ("last_seq", .int(last.seq)),
                                                 ("segment", .string(path))])
            return last.seq
        } catch {
            logger.error("log archive failed; log records are kept until it works",
                         [("through_seq", .int(throughSeq)), ("error", .string("\(error)"))])
            return nil
        }
    }

    /// The oldest `limit` records with seq ≤ `throughSeq`, except the newest record of the log, in order.
    static func records(through throughSeq: Int64, limit: Int, in executor: any SQLExecutor) throws -> [ReplicationRecord] {
        let rows = try executor.query("""
            SELECT seq, term, changeset, events, checksum, committed_at_ms FROM replication_log
            WHERE seq <= ? AND seq < (SELECT max(seq) FROM replication_log) ORDER BY seq LIMIT ?
            """, [throughSeq, Int64(limit)])
        return try rows.map { row in
            ReplicationRecord(seq: try row.int64("seq"), term: try row.int64("term"), changeset: try row.blob("changeset"),
                              events: try row.blob("events"), checksum: try row.blob("checksum"),
                              committedAtMilliseconds: try row.int64("committed_at_ms"))
        }
    }
}
