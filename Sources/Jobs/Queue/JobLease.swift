/// Proof that one claim holds a running job: the job id, the worker that claimed it and the attempt number.
///
/// Every claim raises `attempts`, so `(jobID, attempt)` names one claim even if the same worker reclaims its own expired
/// job later. Writer commands that finish a job check the lease first, so a worker whose lease expired and was
/// reclaimed elsewhere changes nothing.
public struct JobLease: Sendable, Equatable, Hashable {
    public var jobID: Int64
    public var owner: String
    public var attempt: Int
}

/// The result of one claim command: the jobs now leased to the caller, and the jobs the claim sent to `dead` because
/// their lease expired on their last allowed attempt.
public struct JobClaim: Sendable {
    public var jobs: [Job]
    public var exhausted: [Job]
}
