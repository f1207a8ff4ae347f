import Clocks
import Store

/// A schema migration in the replication log: the record a primary appends, in the migration's own transaction, for
/// each migration it applies to a database that already has replication history.
///
/// Why it exists: migrations run on a plain connection before the writer opens, outside the writer's change capture,
/// so without this record a standby would never hear of them. The record's `changeset` holds the migration's row
/// changes (the session ignores DDL and `schema_migrations`); its `events` hold `marker` then the migration's
/// version, file name and checksum. A standby applies it (`ReplicationApplier`): its own binary, one release newer
/// or the same (`VersionCompatibility`), already applied that migration at its own start, so a schema-only migration
/// (empty changeset) needs nothing more; one that changed rows cannot be trusted to match the standby's own rows, so
/// the standby re-bootstraps from a snapshot taken after it (`ReplicationError.rebootstrapNeeded`).
public enum ReplicationMigrationRecord {
    /// The first attachment of a migration record.
    static let marker: [UInt8] = Array("worldgame-schema-migration".utf8)

    /// The migration a record announces.
    public struct Announcement: Sendable, Equatable {
        public var version: Int
        public var fileName: String
        public var checksum: String
    }

    /// The hook `Migrator.apply` calls on a primary: logs each migration applied to a database whose replication log
    /// is not empty, whose stored role is primary and which holds no fence. `clock` stamps the records.
    public static func recording(clock: any WallClock) -> MigrationRecording {
        MigrationRecording(excludedTables: ReplicationLog.tables.union(["schema_migrations"]), isWanted: { connection in
            let present = try connection.queryOne(
                "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'replication_node'")
            guard try present?.int64("n") == 1 else { return false }
            let row = try ReplicationLog.nodeRow(in: connection)
            guard row.role == .primary, try ReplicationFence.load(in: connection) == nil else { return false }
            return try ReplicationLog.head(in: connection) != nil
        }, record: { migration, changeset, connection in
            try append(migration, changeset: changeset, nowMilliseconds: clock.now.rawValue, in: connection)
        })
    }

    /// Appends the record of `migration` after the log's head, in the executor's transaction.
    static func append(_ migration: Migration, changeset: [UInt8], nowMilliseconds: Int64,
                       in executor: any SQLExecutor) throws {
        let row = try ReplicationLog.nodeRow(in: executor)
        let head = try ReplicationLog.head(in: executor)
        let seq = (head?.seq ?? 0) + 1
        let payload = Array("\(migration.version)\t\(migration.fileName)\t\(migration.checksum)".utf8)
        let record = ReplicationRecord(
            seq: seq, term: row.term, changeset: changeset, events: ReplicationEvents.encode([marker, payload]),
            checksum: ReplicationChecksum.next(previous: head?.checksum ?? ReplicationChecksum.initial, seq: seq,
                                               term: row.term, changeset: changeset),
            committedAtMilliseconds: nowMilliseconds)
        try ReplicationLog.append(record, in: executor)
    }

    /// The migration `record` announces, or nil for an ordinary record.
    public static func announcement(in record: ReplicationRecord) -> Announcement? {
        guard !record.events.isEmpty, let attachments = try? ReplicationEvents.decode(record.events),
              attachments.count == 2, attachments[0] == marker else { return nil }
        let fields = String(decoding: attachments[1], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let version = Int(fields[0]) else { return nil }
        return Announcement(version: version, fileName: String(fields[1]), checksum: String(fields[2]))
    }
}
