/// Where a job is in its life, stored as text in `jobs.state`.
///
/// `pending` → `running` (claimed, leased) → `done`; a failed attempt goes to `failed` and runs again at its backoff time;
/// out of attempts, an unknown kind or an operator's cancel ends in `dead`. An operator's retry puts a `dead` or
/// `failed` job back to `pending`.
public enum JobState: String, Sendable, CaseIterable, Codable {
    /// Waiting for `runAt`.
    case pending
    /// Claimed by a worker, which holds its lease until `leaseExpiresAt`.
    case running
    /// Finished successfully (its effects are committed).
    case done
    /// The last attempt failed; it runs again at `runAt` (its backoff).
    case failed
    /// Will not run again without an operator's retry: out of attempts, no handler for its kind, or cancelled.
    case dead

    /// Whether the job still has to run (the states in which its dedupe key is reserved).
    public var isActive: Bool {
        switch self {
        case .pending, .running, .failed: true
        case .done, .dead: false
        }
    }
}
