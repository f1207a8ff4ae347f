/// A job to enqueue: what `JobQueue.enqueue` inserts into the `jobs` table.
///
/// A plain value built by any feature (auctions, merges, exports) and handed to the writer thread with the command.
public struct NewJob: Sendable, Equatable {
    /// The handler's kind, e.g. `"settleAuction"`.
    public var kind: String
    /// The handler's input as JSON text (checked by the table's `json_valid` constraint).
    public var payload: String
    /// Higher runs first among due jobs (default 0).
    public var priority: Int
    /// When the job becomes due (Unix milliseconds); nil means now.
    public var runAt: Int64?
    /// Attempts before the job goes dead; nil uses `JobsConfiguration.defaultMaxAttempts`.
    public var maxAttempts: Int?
    /// While a job with this key is pending, failed (awaiting retry) or running, enqueueing another is refused.
    public var dedupeKey: String?
    /// The W3C trace id of the request that caused the job (32 hex characters), logged with every attempt.
    public var traceID: String?

    public init(kind: String, payload: String = "{}", priority: Int = 0, runAt: Int64? = nil, maxAttempts: Int? = nil,
                dedupeKey: String? = nil, traceID: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.dedupeKey = dedupeKey
        self.traceID = traceID
    }
}
