import Clocks
import Store

/// The front door of the work queue: enqueue jobs (alone or inside another writer command) and the writer commands
/// the workers use to claim them.
///
/// Shared by every thread; it holds no mutable state of its own. Writes go through the `Writer`, reads of time through
/// the injected `WallClock`. Enqueueing in this process wakes idle workers once the job is committed.
///
/// ```swift
/// try writer.performAndWait { transaction in
///     try transaction.run("UPDATE auctions SET state = 'closing' WHERE id = ?", [auctionID])
///     _ = try queue.enqueue(NewJob(kind: "settleAuction", payload: #"{"auctionId":7}"#,
///                                  dedupeKey: "settle:7"), in: transaction)
/// }
/// ```
public final class JobQueue: Sendable {
    public let writer: Writer
    public let clock: any WallClock
    public let configuration: JobsConfiguration
    let wakeup = JobWakeup()
    /// Signalled after a commit that added outbox rows (remote kinds); the outbox relay waits on it.
    public let outboxWakeup = JobWakeup()

    public init(writer: Writer, clock: any WallClock = SystemClock(), configuration: JobsConfiguration = JobsConfiguration()) {
        self.writer = writer
        self.clock = clock
        self.configuration = configuration
    }

    /// Inserts `job` in the caller's writer command, atomically with the caller's other changes. Returns the job id, or
    /// nil when an active job already has its dedupe key ("already queued": not an error). Idle workers of this process
    /// wake once the command's batch commits. A kind in `configuration.remoteKinds` is written to the outbox instead
    /// (returning the outbox row id, or nil when its dedupe key was used before) and wakes the outbox relay.
    /// - Throws: `StoreError` (for example a payload that is not JSON).
    public func enqueue(_ job: NewJob, in transaction: Transaction) throws -> Int64? {
        if configuration.remoteKinds.contains(job.kind) {
            let id = try JobOutbox.insert(job, now: clock.now.rawValue, in: transaction)
            if id != nil {
                let wakeup = outboxWakeup
                transaction.afterCommit { wakeup.signal() }
            }
            return id
        }
        let id = try JobTable.insert(job, now: clock.now.rawValue, defaultMaxAttempts: configuration.defaultMaxAttempts, in: transaction)
        if id != nil {
            let wakeup = wakeup
            transaction.afterCommit { wakeup.signal() }
        }
        return id
    }

    /// Inserts `job` in a writer command of its own and waits for the commit. Blocks: not for event loops.
    @discardableResult
    public func enqueue(_ job: NewJob) throws -> Int64? {
        try writer.performAndWait { transaction in try self.enqueue(job, in: transaction) }
    }

    /// Inserts `jobs` in one writer command (one commit); returns their ids in order (nil where refused as duplicates).
    @discardableResult
    public func enqueue(_ jobs: [NewJob]) throws -> [Int64?] {
        try writer.performAndWait { transaction in try jobs.map { job in try self.enqueue(job, in: transaction) } }
    }

    /// Claims up to `limit` due jobs for `owner` in one writer command; see `JobTable.claim`.
    public func claim(owner: String, limit: Int) throws -> JobClaim {
        let leaseMilliseconds = configuration.leaseDuration.wholeMilliseconds
        let clock = clock
        return try writer.performAndWait { transaction in
            try JobTable.claim(owner: owner, limit: limit, now: clock.now.rawValue, leaseMilliseconds: leaseMilliseconds,
                               in: transaction)
        }
    }

    /// Releases claimed jobs that were never started (graceful stop), in one writer command.
    public func release(_ leases: [JobLease]) throws {
        guard !leases.isEmpty else { return }
        let clock = clock
        try writer.performAndWait { transaction in
            for lease in leases { _ = try JobTable.release(lease, now: clock.now.rawValue, in: transaction) }
        }
    }

    /// Extends `leases` to a full `leaseDuration` from now, in one writer command; returns how many still held a job.
    @discardableResult
    public func renew(_ leases: [JobLease]) throws -> Int {
        guard !leases.isEmpty else { return 0 }
        let leaseMilliseconds = configuration.leaseDuration.wholeMilliseconds
        let clock = clock
        return try writer.performAndWait { transaction in
            let now = clock.now.rawValue
            return try JobTable.renew(leases, expiresAt: now + leaseMilliseconds, now: now, in: transaction)
        }
    }

    /// Wakes idle workers now (after something outside `enqueue` made jobs due, e.g. an operator's retry).
    public func wakeWorkers() {
        wakeup.signal()
    }
}
