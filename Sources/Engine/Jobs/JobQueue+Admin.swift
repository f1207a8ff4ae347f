import Game
import Jobs
import Store

/// The operators' job actions from the console: retry a dead or failed job, cancel one that still has to run. The
/// same table functions as `worldgame jobs retry|cancel`, but as one writer command of the running node that also
/// writes the audit row, and a retry wakes the workers once it commits.
extension JobQueue {
    /// Puts a `dead` or `failed` job back to `pending`, due now, and records `job.retry`.
    /// - Throws (in the completion): `JobsError.jobNotFound`, `.cannotRetry`, `.dedupeKeyTaken`, writer errors.
    public func retry(jobID: Int64, by actor: AdminActor, completion: @escaping @Sendable (Result<Job, any Error>) -> Void) {
        let now = clock.now.rawValue
        writer.submit({ [self] transaction in
            let job = try JobTable.retry(id: jobID, now: now, in: transaction)
            try AdminAudit.record(.jobRetry, target: "job:\(jobID)", details: ["kind": .string(job.kind)], by: actor,
                                  now: now, in: transaction)
            transaction.afterCommit { [self] in wakeWorkers() }
            return job
        }, completion: completion)
    }

    /// Sends a `pending`, `failed` or `running` job to `dead` ("cancelled by an operator") and records `job.cancel`.
    /// - Throws (in the completion): `JobsError.jobNotFound`, `.cannotCancel`, writer errors.
    public func cancel(jobID: Int64, by actor: AdminActor, completion: @escaping @Sendable (Result<Job, any Error>) -> Void) {
        let now = clock.now.rawValue
        writer.submit({ transaction in
            let job = try JobTable.cancel(id: jobID, now: now, in: transaction)
            try AdminAudit.record(.jobCancel, target: "job:\(jobID)", details: ["kind": .string(job.kind)], by: actor,
                                  now: now, in: transaction)
            return job
        }, completion: completion)
    }
}
