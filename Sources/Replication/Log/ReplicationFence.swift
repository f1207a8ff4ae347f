import Store

/// What a fenced primary keeps on disk: the higher term it learned of and the new primary's URL, in the fence columns
/// of `replication_node` (migration 0012), next to the role and term they override.
///
/// A value plus the SQL over those columns; callers pass the executor they own (the writer's `Transaction` when a
/// running node fences itself, a maintenance `Connection` at start-up, in `rejoin` and offline `promote`).
public struct ReplicationFence: Sendable, Equatable {
    /// The term of the primary that fenced this node.
    public var term: Int64
    /// Where that primary was heard from.
    public var primaryURL: String

    public init(term: Int64, primaryURL: String) {
        self.term = term
        self.primaryURL = primaryURL
    }

    /// The stored fence when it is above the node's own stored term (a node that rejoined or was promoted past it is
    /// not fenced), or nil. A database without the fence columns (last run by a release before migration 0012) has
    /// never stored a fence: nil.
    /// - Throws: `StoreError` from SQLite.
    public static func load(in executor: any SQLExecutor) throws -> ReplicationFence? {
        guard try hasFenceColumns(in: executor), let row = try executor.queryOne(
            "SELECT term, fenced_term, fenced_primary_url FROM replication_node WHERE id = 1") else { return nil }
        let fencedTerm = try row.int64("fenced_term")
        guard fencedTerm > (try row.int64("term")) else { return nil }
        return ReplicationFence(term: fencedTerm, primaryURL: try row.optionalString("fenced_primary_url") ?? "unknown")
    }

    /// Stores `fence` (a lower fenced term never replaces a higher one); the role and term columns stay as they are.
    public static func store(_ fence: ReplicationFence, nowMilliseconds: Int64, in executor: any SQLExecutor) throws {
        try executor.run("""
            UPDATE replication_node SET fenced_term = max(fenced_term, ?1), fenced_primary_url = ?2, updated_at_ms = ?3
            WHERE id = 1
            """, [fence.term, fence.primaryURL, nowMilliseconds])
    }

    /// Forgets the fence (after `rejoin` stored the new primary's term, or an offline promotion).
    public static func clear(in executor: any SQLExecutor) throws {
        try executor.run("UPDATE replication_node SET fenced_term = 0, fenced_primary_url = NULL WHERE id = 1")
    }

    /// The highest term this node knows of: its own, or the one that fenced it (its own before migration 0012).
    public static func knownTerm(in executor: any SQLExecutor) throws -> Int64 {
        guard try hasFenceColumns(in: executor) else {
            return try executor.queryOne("SELECT term FROM replication_node WHERE id = 1")?.int64("term") ?? 0
        }
        return try executor.queryOne("SELECT max(term, fenced_term) AS t FROM replication_node WHERE id = 1")?.int64("t") ?? 0
    }

    /// Whether migration 0012 added the fence columns to `replication_node` (read-only tools such as `status` may
    /// open a data dir an older release last ran, before the node migrates it).
    public static func hasFenceColumns(in executor: any SQLExecutor) throws -> Bool {
        try executor.queryOne("""
            SELECT count(*) AS n FROM pragma_table_info('replication_node')
            WHERE name IN ('fenced_term', 'fenced_primary_url')
            """)?.int64("n") == 2
    }
}
