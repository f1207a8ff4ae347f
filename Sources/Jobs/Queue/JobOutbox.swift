import Store

/// The `outbox` table (migration 0008): jobs of remote kinds waiting to be shipped to the other node, and the
/// statements the outbox relay runs on them.
///
/// Stateless; every function runs inside the caller's writer command or read, on the caller's thread.
public enum JobOutbox {
    /// One outbox row as the relay reads it.
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var job: NewJob
        public var createdAt: Int64
        public var sendAttempts: Int
    }

    /// Inserts `job`; returns the row id, or nil when a row with the same dedupe key exists (ever).
    public static func insert(_ job: NewJob, now: Int64, in executor: any SQLExecutor) throws -> Int64? {
        try executor.run("""
            INSERT INTO outbox(kind, payload, priority, max_attempts, dedupe_key, created_at, trace_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING
            """, [job.kind, job.payload, job.priority, job.maxAttempts, job.dedupeKey, now, job.traceID])
        return executor.changes == 1 ? executor.lastInsertRowID : nil
    }

    /// The oldest unsent rows, at most `limit`.
    public static func unsent(limit: Int, in executor: any SQLExecutor) throws -> [Entry] {
        try executor.query("""
            SELECT id, kind, payload, priority, max_attempts, dedupe_key, created_at, send_attempts, trace_id
            FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?1
            """, [max(0, limit)]).map { row in
            let job = NewJob(kind: try row.string("kind"), payload: try row.string("payload"), priority: try row.int("priority"),
                             maxAttempts: try row.optionalInt64("max_attempts").map { Int($0) },
                             dedupeKey: try row.optionalString("dedupe_key"), traceID: try row.optionalString("trace_id"))
            return Entry(id: try row.int64("id"), job: job, createdAt: try row.int64("created_at"),
                         sendAttempts: try row.int("send_attempts"))
        }
    }

    /// Marks `ids` as sent at `now`.
    public static func markSent(_ ids: [Int64], now: Int64, in executor: any SQLExecutor) throws {
        for id in ids {
            try executor.run("UPDATE outbox SET sent_at = ?2, send_attempts = send_attempts + 1, last_error = NULL WHERE id = ?1",
                             [id, now])
        }
    }

    /// Records a failed send of `ids` (they stay unsent).
    public static func recordFailure(_ ids: [Int64], error: String, in executor: any SQLExecutor) throws {
        for id in ids {
            try executor.run("UPDATE outbox SET send_attempts = send_attempts + 1, last_error = ?2 WHERE id = ?1",
                             [id, String(error.prefix(2000))])
        }
    }

    /// Rows not yet sent (for status output and metrics).
    public static func unsentCount(in executor: any SQLExecutor) throws -> Int {
        try executor.queryOne("SELECT count(*) AS count FROM outbox WHERE sent_at IS NULL", [])?.int("count") ?? 0
    }
}
