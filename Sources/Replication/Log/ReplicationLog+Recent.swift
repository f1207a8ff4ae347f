import Store

/// Reads of the newest log records' terms and events, for the realtime gateway's restart (`RealtimeHub.restore`):
/// the same event has the same log seq on every node, so the gateway numbers events by it and reloads them here.
///
/// Stateless, like `ReplicationLog`; callers pass the executor they own (the App uses a writer command, so no batch
/// commits between the read and the gateway's first live event).
extension ReplicationLog {
    /// The newest record's seq and term, or nil for an empty log.
    public static func headPosition(in executor: any SQLExecutor) throws -> (seq: Int64, term: Int64)? {
        try executor.queryOne("SELECT seq, term FROM replication_log ORDER BY seq DESC LIMIT 1").map {
            (try $0.int64("seq"), try $0.int64("term"))
        }
    }

    /// The first record of each term still in the log, oldest first.
    public static func termStarts(in executor: any SQLExecutor) throws -> [(seq: Int64, term: Int64)] {
        try executor.query("SELECT term, min(seq) AS seq FROM replication_log GROUP BY term ORDER BY seq", []).map {
            (try $0.int64("seq"), try $0.int64("term"))
        }
    }

    /// The records with seq ≥ `fromSeq` that carry events (their seq, term and `events` column), oldest first.
    public static func eventRecords(fromSeq: Int64, in executor: any SQLExecutor) throws -> [(seq: Int64, term: Int64, events: [UInt8])] {
        try executor.query(
            "SELECT seq, term, events FROM replication_log WHERE seq >= ? AND length(events) > 0 ORDER BY seq", [fromSeq]
        ).map { (try $0.int64("seq"), try $0.int64("term"), try $0.blob("events")) }
    }
}
