import Store

extension JobTable {
    /// Puts a `dead` or `failed` job back to `pending`, due now, with its attempts reset (its last error is kept).
    /// - Throws: `JobsError.jobNotFound`, `.cannotRetry`, or `.dedupeKeyTaken` when another active job has its key.
    @discardableResult
    public static func retry(id: Int64, now: Int64, in executor: any SQLExecutor) throws -> Job {
        guard let job = try find(id: id, in: executor) else { throw JobsError.jobNotFound(id: id) }
        guard job.state == .dead || job.state == .failed else { throw JobsError.cannotRetry(id: id, state: job.state) }
        do {
            try executor.run("""
                UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?2, finished_at = NULL, updated_at = ?2
                WHERE id = ?1
                """, [id, now])
        } catch {
            guard error.isConstraintViolation else { throw error }
            throw JobsError.dedupeKeyTaken(id: id, dedupeKey: job.dedupeKey ?? "")
        }
        return try find(id: id, in: executor) ?? job
    }

    /// Sends a `pending`, `failed` or `running` job to `dead` with the last error "cancelled by an operator".
    ///
    /// A worker running it finds its lease gone: a database-only job's effects are then never applied; an outside
    /// job's effect may already have happened (its handler is idempotent anyway).
    /// - Throws: `JobsError.jobNotFound` or `.cannotCancel`.
    @discardableResult
    public static func cancel(id: Int64, now: Int64, in executor: any SQLExecutor) throws -> Job {
        guard let job = try find(id: id, in: executor) else { throw JobsError.jobNotFound(id: id) }
        guard job.state.isActive else { throw JobsError.cannotCancel(id: id, state: job.state) }
        try executor.run("""
            UPDATE jobs SET state = 'dead', last_error = 'cancelled by an operator', lease_owner = NULL,
                lease_expires_at = NULL, finished_at = ?2, updated_at = ?2
            WHERE id = ?1
            """, [id, now])
        return try find(id: id, in: executor) ?? job
    }
}
