import Store
import Telemetry

/// What a worker runs for one kind of job; the two cases are the queue's two delivery guarantees.
///
/// Handlers are plain `@Sendable` closures registered at start-up (`JobHandlers`) and called on worker threads or, for
/// database-only jobs, on the writer thread inside the job's writer command.
public enum JobHandler: Sendable {
    /// Effects only in the database: the handler runs inside one writer command that first checks the lease is still
    /// this worker's, applies the effects through `Transaction` and marks the job done in the same transaction —
    /// exactly once, even across a crash at any instant. If it throws, its effects roll back and the attempt fails.
    /// Runs on the writer thread: keep it short and never block or wait on another thread there.
    case database(@Sendable (JobContext, Transaction) throws -> Void)
    /// Effects outside the database (network): runs on the worker thread, then a writer command marks the job done.
    /// At least once: a crash between the effect and the mark runs it again, so it must be idempotent, keyed by
    /// `JobContext.job.id`.
    case external(@Sendable (JobContext) throws -> Void)
}

/// What a handler gets besides its transaction: the job as claimed and a logger carrying `job_id`, `kind`, `attempt`.
public struct JobContext: Sendable {
    /// The job as claimed (state `running`, `attempts` = this attempt's number).
    public var job: Job
    /// Logs with the job's fields on every line.
    public var logger: Logger
    /// The claim this attempt runs under.
    public var lease: JobLease

    /// The number of this attempt, 1 for the first.
    public var attempt: Int { lease.attempt }
}

/// The handlers of this binary by job kind, built once at start-up before the workers start.
///
/// A plain value (copied into each worker); a kind registered twice keeps the last handler, so a later issue's real
/// handler replaces a placeholder.
public struct JobHandlers: Sendable {
    private var handlers: [String: JobHandler] = [:]

    public init() {}

    /// Registers (or replaces) the handler for `kind`.
    public mutating func register(_ kind: String, _ handler: JobHandler) {
        handlers[kind] = handler
    }

    /// The handler for `kind`, or nil.
    public func handler(for kind: String) -> JobHandler? { handlers[kind] }

    /// Every registered kind, sorted.
    public var kinds: [String] { handlers.keys.sorted() }
}
