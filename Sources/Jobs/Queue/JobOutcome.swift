import Dispatch
import Locking

/// How one attempt of a job ended, as reported to logs, metrics and `JobObserver`s.
public enum JobOutcome: Sendable, Equatable {
    /// The job is done; its effects are committed.
    case done
    /// The attempt failed; the job runs again at `retryAt` (Unix milliseconds).
    case failed(error: String, retryAt: Int64)
    /// The job is dead: out of attempts, no handler for its kind, or its lease expired on its last attempt.
    case dead(error: String)
    /// Another claim took the job (this worker's lease expired) or an operator cancelled it; nothing was changed.
    case leaseLost
    /// The worker gave the job back unstarted (graceful stop).
    case released
    /// The writer could not record the attempt's end (disk full, writer stopped); the lease will expire and the job
    /// will be reclaimed. A database-only job's effects were rolled back.
    case abandoned(error: String)
}

/// One finished attempt: the job as claimed, its outcome and how long it took from start to durable outcome.
public struct JobReport: Sendable {
    public var job: Job
    public var attempt: Int
    public var outcome: JobOutcome
    public var duration: Duration
}

/// Called on the worker thread after each attempt's outcome is durable (metrics, benchmarks, tests).
public typealias JobObserver = @Sendable (JobReport) -> Void

/// Collects the outcomes of the writer commands a worker submitted for one claimed batch.
///
/// The worker registers each command with `expect()`; completions (on the writer thread) `record` their report; the
/// worker blocks in `waitForAll()` and then reports them on its own thread.
final class JobBatchTracker: Sendable {
    private let group = DispatchGroup()
    private let reports = Locked<[JobReport]>([])

    func expect() { group.enter() }

    func record(_ report: JobReport) {
        reports.withLock { $0.append(report) }
        group.leave()
    }

    func waitForAll() -> [JobReport] {
        group.wait()
        return reports.withLock { $0 }
    }
}
