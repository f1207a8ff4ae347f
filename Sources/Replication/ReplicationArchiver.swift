import Store
import Telemetry

/// The pruner's "before deleting" hook that copies the records about to be pruned into the log archive
/// (`serve --log-archive DIR`), so a point-in-time restore can replay them later.
///
/// Runs on the writer thread inside the batch that prunes (`ReplicationPruner.setBeforeDelete`): reads the records
/// through `throughSeq` that are still in the log, writes them as one fsynced segment, and only then lets the pruner
/// delete them. If archiving fails (disk full, permissions), it logs an error and returns nil: nothing is pruned and
/// the log grows until archiving works again; game writes are never failed because of the archive.
public final class ReplicationArchiver: Sendable {
    public let archive: ReplicationArchive
    private let logger: Logger

    public init(archive: ReplicationArchive, logger: Logger) {
        self.archive = archive
        self.logger = logger
    }

    /// Wires this archiver into `pruner`.
    public func install(into pruner: ReplicationPruner) {
        pruner.setBeforeDelete { [self] throughSeq, transaction in archiveRecords(through: throughSeq, in: transaction) }
    }

    /// Archives the log's records with seq ≤ `throughSeq` (but never the newest record, which pruning keeps); returns
    /// the highest seq now archived (what may be deleted), or nil when nothing may.
    func archiveRecords(through throughSeq: Int64, in executor: any SQLExecutor) -> Int64? {
        do {
            let records = try Self.records(through: throughSeq, in: executor)
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

    /// The records with seq ≤ `throughSeq`, except the newest record of the log, in order.
    static func records(through throughSeq: Int64, in executor: any SQLExecutor) throws -> [ReplicationRecord] {
        let rows = try executor.query("""
            SELECT seq, term, changeset, events, checksum, committed_at_ms FROM replication_log
            WHERE seq <= ? AND seq < (SELECT max(seq) FROM replication_log) ORDER BY seq
            """, [throughSeq])
        return try rows.map { row in
            ReplicationRecord(seq: try row.int64("seq"), term: try row.int64("term"), changeset: try row.blob("changeset"),
                              events: try row.blob("events"), checksum: try row.blob("checksum"),
                              committedAtMilliseconds: try row.int64("committed_at_ms"))
        }
    }
}
