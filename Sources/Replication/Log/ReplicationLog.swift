import Store

/// The SQL over `replication_log` and `replication_node` (migration 0007).
///
/// Stateless; callers pass the executor they own (the writer's `Transaction`, a loop's reader snapshot, or a
/// maintenance `Connection`).
public enum ReplicationLog {
    /// The log tables, which the writer's session never records.
    public static let tables: Set<String> = ["replication_log", "replication_node"]

    /// What `replication_node` holds.
    public struct NodeRow: Sendable, Equatable {
        public var role: ReplicationRole
        public var term: Int64
        public var appliedSeq: Int64
        public var appliedChecksum: [UInt8]
    }

    /// The node row.
    /// - Throws: `ReplicationError.nodeStateInvalid` when it is missing or malformed; `StoreError` from SQLite.
    public static func nodeRow(in executor: any SQLExecutor) throws -> NodeRow {
        guard let row = try executor.queryOne(
            "SELECT role, term, applied_seq, applied_checksum FROM replication_node WHERE id = 1") else {
            throw ReplicationError.nodeStateInvalid(detail: "no replication_node row (migration 0007 not applied?)")
        }
        let roleText = try row.string("role")
        guard let role = ReplicationRole(rawValue: roleText) else {
            throw ReplicationError.nodeStateInvalid(detail: "role \(roleText)")
        }
        return NodeRow(role: role, term: try row.int64("term"), appliedSeq: try row.int64("applied_seq"),
                       appliedChecksum: try row.blob("applied_checksum"))
    }

    /// Sets the node row's role and term.
    public static func setRole(_ role: ReplicationRole, term: Int64, nowMilliseconds: Int64,
                               in executor: any SQLExecutor) throws {
        try executor.run("UPDATE replication_node SET role = ?, term = ?, updated_at_ms = ? WHERE id = 1",
                         [role.rawValue, term, nowMilliseconds])
    }

    /// Sets how far this node applied the log (standby), in the applying transaction.
    public static func setApplied(seq: Int64, checksum: [UInt8], term: Int64, nowMilliseconds: Int64,
                                  in executor: any SQLExecutor) throws {
        try executor.run(
            "UPDATE replication_node SET applied_seq = ?, applied_checksum = ?, term = max(term, ?), updated_at_ms = ? WHERE id = 1",
            [seq, checksum, term, nowMilliseconds])
    }

    /// The newest record's seq, checksum and commit time, or nil for an empty log.
    public static func head(in executor: any SQLExecutor) throws -> (seq: Int64, checksum: [UInt8], committedAt: Int64)? {
        guard let row = try executor.queryOne(
            "SELECT seq, checksum, committed_at_ms FROM replication_log ORDER BY seq DESC LIMIT 1") else { return nil }
        return (try row.int64("seq"), try row.blob("checksum"), try row.int64("committed_at_ms"))
    }

    /// The oldest seq still in the log, or nil for an empty log.
    public static func oldestSeq(in executor: any SQLExecutor) throws -> Int64? {
        try executor.queryOne("SELECT seq FROM replication_log ORDER BY seq LIMIT 1").map { try $0.int64("seq") }
    }

    /// Appends `record`.
    public static func append(_ record: ReplicationRecord, in executor: any SQLExecutor) throws {
        try executor.run(
            "INSERT INTO replication_log (seq, term, changeset, events, checksum, committed_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
            [record.seq, record.term, record.changeset, record.events, record.checksum, record.committedAtMilliseconds])
    }

    /// Records after `seq` in order, stopping once `maxBytes` of changesets and events are gathered (at least one
    /// record when any exists).
    public static func records(after seq: Int64, maxBytes: Int, in executor: any SQLExecutor) throws -> [ReplicationRecord] {
        var records: [ReplicationRecord] = []
        var bytes = 0
        var cursor = seq
        while bytes < maxBytes {
            let rows = try executor.query(
                "SELECT seq, term, changeset, events, checksum, committed_at_ms FROM replication_log WHERE seq > ? ORDER BY seq LIMIT 64",
                [cursor])
            if rows.isEmpty { break }
            for row in rows where bytes < maxBytes {
                let record = ReplicationRecord(
                    seq: try row.int64("seq"), term: try row.int64("term"), changeset: try row.blob("changeset"),
                    events: try row.blob("events"), checksum: try row.blob("checksum"),
                    committedAtMilliseconds: try row.int64("committed_at_ms"))
                bytes += record.changeset.count + record.events.count + 64
                records.append(record)
                cursor = record.seq
            }
        }
        return records
    }

    /// Deletes records with seq ≤ `seq`, always keeping the newest record (it anchors the chain); returns how many.
    @discardableResult
    public static func prune(through seq: Int64, in executor: any SQLExecutor) throws -> Int {
        try executor.run(
            "DELETE FROM replication_log WHERE seq <= ? AND seq < (SELECT max(seq) FROM replication_log)", [seq])
        return executor.changes
    }
}
