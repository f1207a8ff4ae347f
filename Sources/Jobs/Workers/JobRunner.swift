import Clocks
import Store
import Telemetry

/// Claims one batch of due jobs and runs each with its handler; the body of one worker thread, also callable directly
/// (tests, benchmarks) from any thread that may block on the writer.
///
/// The claimed jobs belong to the calling thread until their outcome is committed. Database-only jobs are submitted
/// to the writer back to back, so a batch's completions share one commit; outside jobs run on the calling thread first.
/// Reports go to the log and the observer on the calling thread, never on the writer thread.
public final class JobRunner: Sendable {
    /// The lease owner written on claimed jobs (unique per worker and process).
    public let owner: String
    let queue: JobQueue
    let handlers: JobHandlers
    let logger: Logger
    let observer: JobObserver?
    private let unitRandom: @Sendable () -> Double
    private let held = JobLeaseBook()

    public init(owner: String, queue: JobQueue, handlers: JobHandlers, logger: Logger, observer: JobObserver? = nil,
                unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.owner = owner
        self.queue = queue
        self.handlers = handlers
        self.logger = logger
        self.observer = observer
        self.unitRandom = unitRandom
    }

    /// Claims up to `limit` (default `claimBatchSize`) due jobs and runs them; returns how many it claimed.
    /// Once `shouldStop` answers true, the jobs not yet started are released instead of run.
    /// - Throws: the claim's error (writer stopped, disk full); outcomes of single jobs are reported, never thrown.
    @discardableResult
    public func runDueJobs(limit: Int? = nil, shouldStop: () -> Bool = { false }) throws -> Int {
        let claim = try queue.claim(owner: owner, limit: limit ?? queue.configuration.claimBatchSize)
        held.hold(claim.jobs.map(lease(of:)))
        defer { held.clear() }
        for job in claim.exhausted {
            report(JobReport(job: job, attempt: job.attempts, outcome: .dead(error: job.lastError ?? ""), duration: .zero))
        }
        let tracker = JobBatchTracker()
        var unstarted: [Job] = []
        for job in claim.jobs {
            if !unstarted.isEmpty || shouldStop() {
                unstarted.append(job)
                continue
            }
            start(job, tracker: tracker)
        }
        var reports = tracker.waitForAll()
        reports = reports.map(recoverAbandoned)
        if !unstarted.isEmpty {
            try queue.release(unstarted.map(lease(of:)))
            reports += unstarted.map { JobReport(job: $0, attempt: $0.attempts, outcome: .released, duration: .zero) }
        }
        reports.forEach(report)
        return claim.jobs.count
    }

    /// The leases of the batch this runner is working through now (renewed by `JobSystem` while they run).
    public var heldLeases: [JobLease] { held.all }

    /// The held leases still worth renewing: those of a batch claimed at most `maxAge` ago.
    public func renewableLeases(maxAge: Duration) -> [JobLease] { held.held(forAtMost: maxAge) }

    func lease(of job: Job) -> JobLease {
        JobLease(jobID: job.id, owner: owner, attempt: job.attempts)
    }

    private func start(_ job: Job, tracker: JobBatchTracker) {
        let lease = lease(of: job)
        let context = JobContext(job: job, logger: logger.with(Self.fields(of: job)), lease: lease)
        let began = ContinuousClock.now
        switch handlers.handler(for: job.kind) {
        case nil:
            let message = JobsError.handlerMissing(kind: job.kind).description
            submit(job, tracker: tracker, began: began) { transaction, now in
                try self.recordFailure(job, lease: lease, message: message, retryDelay: nil, now: now, in: transaction)
            }
        case .database(let handler):
            let delay = retryDelay(after: job)
            submit(job, tracker: tracker, began: began) { transaction, now in
                try self.runDatabaseJob(context, handler: handler, retryDelay: delay, now: now, in: transaction)
            }
        case .external(let handler):
            do {
                try handler(context)
                submit(job, tracker: tracker, began: began) { transaction, now in
                    try JobTable.markDone(lease, now: now, in: transaction) ? .done : .leaseLost
                }
            } catch {
                let message = truncated(String(describing: error))
                let delay = retryDelay(after: job)
                submit(job, tracker: tracker, began: began) { transaction, now in
                    try self.recordFailure(job, lease: lease, message: message, retryDelay: delay, now: now, in: transaction)
                }
            }
        }
    }

    /// The writer command of a database-only job: check the lease, apply the effects in a nested savepoint, mark done —
    /// or roll the effects back and record the failure, all in one transaction.
    private func runDatabaseJob(_ context: JobContext, handler: @Sendable (JobContext, Transaction) throws -> Void,
                                retryDelay: Int64?, now: Int64, in transaction: Transaction) throws -> JobOutcome {
        guard try JobTable.holds(context.lease, in: transaction) else { return .leaseLost }
        do {
            try transaction.withSavepoint("job_effects") { try handler(context, transaction) }
        } catch {
            return try recordFailure(context.job, lease: context.lease, message: truncated(String(describing: error)),
                                     retryDelay: retryDelay, now: now, in: transaction)
        }
        return try JobTable.markDone(context.lease, now: now, in: transaction) ? .done : .leaseLost
    }

    /// Marks a failed attempt: `failed` with a retry after `retryDelay`, or `dead` when `retryDelay` is nil.
    private func recordFailure(_ job: Job, lease: JobLease, message: String, retryDelay: Int64?, now: Int64,
                               in transaction: Transaction) throws -> JobOutcome {
        let retryAt = retryDelay.map { now + $0 }
        switch try JobTable.markFailed(lease, error: message, retryAt: retryAt, now: now, in: transaction) {
        case .failed?: return .failed(error: message, retryAt: retryAt ?? now)
        case .dead?: return .dead(error: message)
        default: return .leaseLost
        }
    }

    /// The backoff before the next attempt, or nil when this was the last allowed attempt.
    private func retryDelay(after job: Job) -> Int64? {
        guard job.attempts < job.maxAttempts else { return nil }
        return queue.configuration.retryPolicy.delayMilliseconds(afterAttempt: job.attempts, unitRandom: unitRandom())
    }

    private func submit(_ job: Job, tracker: JobBatchTracker, began: ContinuousClock.Instant,
                        _ command: @escaping @Sendable (Transaction, Int64) throws -> JobOutcome) {
        let clock = queue.clock
        tracker.expect()
        queue.writer.submit({ transaction in try command(transaction, clock.now.rawValue) }) { result in
            let outcome: JobOutcome
            switch result {
            case .success(let value): outcome = value
            case .failure(let error): outcome = .abandoned(error: String(describing: error))
            }
            tracker.record(JobReport(job: job, attempt: job.attempts, outcome: outcome, duration: ContinuousClock.now - began))
        }
    }

    /// After a writer command failed as a whole, tries once more to record the attempt as failed, in its own command.
    private func recoverAbandoned(_ report: JobReport) -> JobReport {
        guard case .abandoned(let error) = report.outcome else { return report }
        let lease = lease(of: report.job)
        let delay = retryDelay(after: report.job)
        let clock = queue.clock
        let message = truncated(error)
        let outcome = try? queue.writer.performAndWait { transaction in
            try self.recordFailure(report.job, lease: lease, message: message, retryDelay: delay, now: clock.now.rawValue, in: transaction)
        }
        guard let outcome else { return report }
        var recovered = report
        recovered.outcome = outcome
        return recovered
    }

    private func truncated(_ message: String) -> String {
        let limit = queue.configuration.maxErrorBytes
        guard message.utf8.count > limit else { return message }
        return String(decoding: message.utf8.prefix(limit), as: UTF8.self)
    }

    static func fields(of job: Job) -> [(String, LogValue)] {
        var fields: [(String, LogValue)] = [("job_id", .int(job.id)), ("kind", .string(job.kind)),
                                            ("attempt", .int(Int64(job.attempts)))]
        if let traceID = job.traceID { fields.append(("trace_id", .string(traceID))) }
        return fields
    }
}
