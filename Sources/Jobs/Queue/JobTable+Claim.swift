import Store

extension JobTable {
    /// Leases up to `limit` jobs to `owner`: due pending or failed jobs and running jobs whose lease expired, ordered by
    /// priority (higher first), then `run_at`, then id. Each claimed job's `attempts` is raised by one. Running jobs whose
    /// lease expired on their last allowed attempt go to `dead` instead (returned in `exhausted`).
    ///
    /// Run it inside one writer command: the claim is one short write transaction. The statements name their partial
    /// indexes (`INDEXED BY`): without statistics SQLite would pick `jobs_state_kind` and sort the whole backlog.
    public static func claim(owner: String, limit: Int, now: Int64, leaseMilliseconds: Int64,
                             in executor: any SQLExecutor) throws -> JobClaim {
        let exhausted = try executor.query("""
            UPDATE jobs INDEXED BY jobs_lease_expiry
            SET state = 'dead', lease_owner = NULL, lease_expires_at = NULL, finished_at = ?1, updated_at = ?1,
                last_error = 'lease expired on attempt ' || attempts || ' of ' || max_attempts
                    || ' (the worker stopped or the process was killed)'
            WHERE state = 'running' AND lease_expires_at <= ?1 AND attempts >= max_attempts
            RETURNING \(Job.columns)
            """, [now]).map(Job.init(row:))
        guard limit > 0 else { return JobClaim(jobs: [], exhausted: exhausted) }
        let expired = try executor.query("""
            SELECT id, priority, run_at FROM jobs INDEXED BY jobs_lease_expiry WHERE state = 'running' AND lease_expires_at <= ?1
            ORDER BY lease_expires_at LIMIT ?2
            """, [now, limit])
        let due = try executor.query("""
            SELECT id, priority, run_at FROM jobs INDEXED BY jobs_due WHERE state IN ('pending', 'failed') AND run_at <= ?1
            ORDER BY priority DESC, run_at, id LIMIT ?2
            """, [now, limit])
        let candidates = try (expired + due).map { row in
            (id: try row.int64("id"), priority: try row.int64("priority"), runAt: try row.int64("run_at"))
        }.sorted { left, right in
            if left.priority != right.priority { return left.priority > right.priority }
            if left.runAt != right.runAt { return left.runAt < right.runAt }
            return left.id < right.id
        }.prefix(limit)
        var jobs: [Job] = []
        jobs.reserveCapacity(candidates.count)
        for candidate in candidates {
            let row = try executor.queryOne("""
                UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?2, lease_expires_at = ?3,
                    updated_at = ?4
                WHERE id = ?1 RETURNING \(Job.columns)
                """, [candidate.id, owner, now + leaseMilliseconds, now])
            if let row { jobs.append(try Job(row: row)) }
        }
        return JobClaim(jobs: jobs, exhausted: exhausted)
    }

    /// Whether `lease` still holds its job (running, same owner, same attempt).
    public static func holds(_ lease: JobLease, in executor: any SQLExecutor) throws -> Bool {
        try executor.queryOne("""
            SELECT 1 AS held FROM jobs WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 AND attempts = ?3
            """, [lease.jobID, lease.owner, lease.attempt]) != nil
    }

    /// Moves the expiry of each lease that still holds its job to `expiresAt`; returns how many it extended.
    public static func renew(_ leases: [JobLease], expiresAt: Int64, now: Int64, in executor: any SQLExecutor) throws -> Int {
        var renewed = 0
        for lease in leases {
            try executor.run("""
                UPDATE jobs SET lease_expires_at = ?4, updated_at = ?5
                WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 AND attempts = ?3
                """, [lease.jobID, lease.owner, lease.attempt, expiresAt, now])
            renewed += executor.changes
        }
        return renewed
    }

    /// Marks the job done if `lease` still holds it; returns whether it did.
    public static func markDone(_ lease: JobLease, now: Int64, in executor: any SQLExecutor) throws -> Bool {
        try executor.run("""
            UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, finished_at = ?4, updated_at = ?4
            WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 AND attempts = ?3
            """, [lease.jobID, lease.owner, lease.attempt, now])
        return executor.changes == 1
    }

    /// Records a failed attempt if `lease` still holds the job: `failed` with its next run at `retryAt`, or `dead` when
    /// `retryAt` is nil. Returns the new state, or nil when the lease was lost.
    public static func markFailed(_ lease: JobLease, error: String, retryAt: Int64?, now: Int64,
                                  in executor: any SQLExecutor) throws -> JobState? {
        let state: JobState = retryAt == nil ? .dead : .failed
        try executor.run("""
            UPDATE jobs SET state = ?4, run_at = coalesce(?5, run_at), last_error = ?6, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = ?7, finished_at = CASE WHEN ?4 = 'dead' THEN ?7 END
            WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 AND attempts = ?3
            """, [lease.jobID, lease.owner, lease.attempt, state.rawValue, retryAt, error, now])
        return executor.changes == 1 ? state : nil
    }

    /// Gives a claimed job back without running it (graceful stop): it returns to `pending` (or `failed`, if an
    /// earlier attempt failed) with the attempt it was charged undone. Returns whether the lease still held it.
    public static func release(_ lease: JobLease, now: Int64, in executor: any SQLExecutor) throws -> Bool {
        try executor.run("""
            UPDATE jobs SET state = CASE WHEN last_error IS NULL THEN 'pending' ELSE 'failed' END,
                attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?4
            WHERE id = ?1 AND state = 'running' AND lease_owner = ?2 AND attempts = ?3
            """, [lease.jobID, lease.owner, lease.attempt, now])
        return executor.changes == 1
    }
}
