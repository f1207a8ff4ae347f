import Store

/// One row of the `jobs` table, copied out of SQLite: safe to keep and to send between threads.
///
/// A worker owns the `Job` it claimed until it marks it done, failed or released. Times are Unix milliseconds.
public struct Job: Sendable, Equatable {
    public var id: Int64
    /// Selects the handler (`JobHandlers`).
    public var kind: String
    /// The handler's input, as JSON text.
    public var payload: String
    /// Higher runs first among due jobs.
    public var priority: Int
    public var state: JobState
    /// The job is due at or after this time.
    public var runAt: Int64
    /// Claims so far; while running, the number of the current attempt (1 for the first).
    public var attempts: Int
    public var maxAttempts: Int
    /// The worker holding the job (only while running).
    public var leaseOwner: String?
    /// When the lease ends; a running job whose lease has expired is reclaimed by the next claim.
    public var leaseExpiresAt: Int64?
    /// The error of the last failed attempt, if any.
    public var lastError: String?
    /// Unique among active jobs (pending, failed, running): a second enqueue with the same key is refused.
    public var dedupeKey: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When the job became done or dead.
    public var finishedAt: Int64?
    /// The W3C trace id of the request that caused the job, if any.
    public var traceID: String?

    /// The columns `init(row:)` reads, for `SELECT`s.
    static let columns = """
        id, kind, payload, priority, state, run_at, attempts, max_attempts, lease_owner, lease_expires_at, last_error, \
        dedupe_key, created_at, updated_at, finished_at, trace_id
        """

    /// Reads a row selected with `Job.columns`.
    /// - Throws: `JobsError.storedValueInvalid` for an unknown state, or `StoreError` for a missing or mistyped column.
    init(row: Row) throws {
        id = try row.int64("id")
        kind = try row.string("kind")
        payload = try row.string("payload")
        priority = try row.int("priority")
        let stateText = try row.string("state")
        guard let state = JobState(rawValue: stateText) else {
            throw JobsError.storedValueInvalid(table: "jobs", column: "state", value: stateText)
        }
        self.state = state
        runAt = try row.int64("run_at")
        attempts = try row.int("attempts")
        maxAttempts = try row.int("max_attempts")
        leaseOwner = try row.optionalString("lease_owner")
        leaseExpiresAt = try row.optionalInt64("lease_expires_at")
        lastError = try row.optionalString("last_error")
        dedupeKey = try row.optionalString("dedupe_key")
        traceID = try row.optionalString("trace_id")
        createdAt = try row.int64("created_at")
        updatedAt = try row.int64("updated_at")
        finishedAt = try row.optionalInt64("finished_at")
    }
}
