import Jobs
import Locking
import Store

/// Where resource job handlers enqueue follow-up jobs (the next chunk of a run) inside their own writer command.
///
/// The node builds the handlers before the `JobSystem` that owns the `JobQueue`, so the queue is bound after
/// start-up with `bind(_:)`; until then (and in tools without a queue) jobs are inserted with `JobTable.insert`
/// and idle workers find them at their next poll. A `Locked` guards the one reference; it is read, never held, on
/// the writer thread.
public final class ResourceQueueLink: Sendable {
    private let queue = Locked<JobQueue?>(nil)

    public init() {}

    /// Uses `queue` for later enqueues (they then wake idle workers after the commit).
    public func bind(_ queue: JobQueue) {
        self.queue.withLock { $0 = queue }
    }

    /// Inserts `job` atomically with the caller's transaction; returns its id, or nil for a duplicate dedupe key.
    func enqueue(_ job: NewJob, now: Int64, in transaction: Transaction) throws -> Int64? {
        if let queue = queue.withLock({ $0 }) { return try queue.enqueue(job, in: transaction) }
        return try JobTable.insert(job, now: now, defaultMaxAttempts: JobsConfiguration().defaultMaxAttempts,
                                   in: transaction)
    }
}
