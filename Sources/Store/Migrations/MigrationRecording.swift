/// What a migration run on a primary hands to the replication log: each migration's row changes, captured with a
/// SQLite session, inside the migration's own transaction.
///
/// Why it exists: a migration runs on a plain connection before the writer opens, outside the writer's change capture;
/// this hook lets the layer that owns the log append one record per migration in the same transaction, so the
/// migration and its record commit or vanish together, while the Store knows nothing about replication. Used on the
/// starting thread only.
public struct MigrationRecording: Sendable {
    /// Tables the session does not record (the log's own).
    public var excludedTables: Set<String>
    /// Whether to record at all, asked once per run before the first pending migration (a standby's or a fresh
    /// database's migrations are not logged).
    public var isWanted: @Sendable (Connection) throws -> Bool
    /// Receives a migration just applied, its changeset (empty when it changed no rows) and the connection, inside
    /// the migration's transaction; throwing rolls the migration back.
    public var record: @Sendable (Migration, [UInt8], Connection) throws -> Void

    public init(excludedTables: Set<String>, isWanted: @escaping @Sendable (Connection) throws -> Bool,
                record: @escaping @Sendable (Migration, [UInt8], Connection) throws -> Void) {
        self.excludedTables = excludedTables
        self.isWanted = isWanted
        self.record = record
    }
}
