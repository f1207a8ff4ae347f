import Store

/// The SQL of the `jobs` table (migration `0002_jobs.sql`): every statement the queue runs, as functions over any
/// `SQLExecutor`.
///
/// Callers choose the connection and so the owner: writer commands pass their `Transaction` (on the writer thread), the
/// `jobs` command passes its own `Connection`, the metrics refresh a read-only one. Times are Unix milliseconds from the
/// caller's `WallClock`. Statements use numbered placeholders (`?1`) so one value can appear twice.
public enum JobTable {
    /// Inserts `job` unless an active job has the same dedupe key; returns the new id, or nil when refused.
    /// - Throws: `StoreError` (a payload that is not JSON violates a CHECK constraint).
    public static func insert(_ job: NewJob, now: Int64, defaultMaxAttempts: Int, in executor: any SQLExecutor) throws -> Int64? {
        try executor.run("""
            INSERT INTO jobs(kind, payload, priority, state, run_at, attempts, max_attempts, dedupe_key, created_at,
                             updated_at, trace_id)
            VALUES (?1, ?2, ?3, 'pending', ?4, 0, ?5, ?6, ?7, ?7, ?8)
            ON CONFLICT DO NOTHING
            """, [job.kind, job.payload, job.priority, job.runAt ?? now, max(1, job.maxAttempts ?? defaultMaxAttempts),
                  job.dedupeKey, now, job.traceID])
        return executor.changes == 1 ? executor.lastInsertRowID : nil
    }

    /// The job with `id`, or nil.
    public static func find(id: Int64, in executor: any SQLExecutor) throws -> Job? {
        try executor.queryOne("SELECT \(Job.columns) FROM jobs WHERE id = ?1", [id]).map(Job.init(row:))
    }

    /// The newest jobs first, optionally only those in `state` and/or of `kind`.
    public static func list(state: JobState?, kind: String?, limit: Int, in executor: any SQLExecutor) throws -> [Job] {
        try executor.query("""
            SELECT \(Job.columns) FROM jobs
            WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR kind = ?2)
            ORDER BY id DESC LIMIT ?3
            """, [state?.rawValue, kind, max(0, limit)]).map(Job.init(row:))
    }

    /// Jobs per kind and state, for every state but `done` (which only grows until purged).
    public static func depthCounts(in executor: any SQLExecutor) throws -> [JobDepth] {
        try executor.query("""
            SELECT kind, state, count(*) AS count FROM jobs
            WHERE state IN ('pending', 'running', 'failed', 'dead') GROUP BY state, kind
            """).map { row in
            let stateText = try row.string("state")
            guard let state = JobState(rawValue: stateText) else {
                throw JobsError.storedValueInvalid(table: "jobs", column: "state", value: stateText)
            }
            return JobDepth(kind: try row.string("kind"), state: state, count: try row.int("count"))
        }
    }

    /// Deletes at most `limit` done jobs finished before `finishedBefore`; returns how many.
    public static func purgeDone(finishedBefore: Int64, limit: Int, in executor: any SQLExecutor) throws -> Int {
        try executor.run("""
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs INDEXED BY jobs_finished WHERE state = 'done' AND finished_at < ?1 ORDER BY finished_at LIMIT ?2)
            """, [finishedBefore, limit])
        return executor.changes
    }
}

/// How many jobs of one kind are in one state.
public struct JobDepth: Sendable, Equatable {
    public var kind: String
    public var state: JobState
    public var count: Int
}
