import Locking
import Store

/// Decides when old log records may go: only once every standby the primary heard from acknowledged them, a backup
/// covers them (when a backup hook is set), and more than `retainedRecords` newer records exist. A standby applies
/// the same rule to the records it applied (it has no standbys of its own unless it serves one after a promotion),
/// and runs the same before-delete hook (the log archive), so an archive has no hole after a failover.
///
/// Called on the writer thread every `intervalRecords` records (by the recorder on a primary, the applier on a
/// standby); the backup hook may be set from any
/// thread (the backup code sets it), so it sits in a Mutex.
public final class ReplicationPruner: Sendable {
    /// Records always kept, newest first, whatever the standbys and backups say.
    public let retainedRecords: Int64
    /// Pruning runs when the head seq is a multiple of this.
    public let intervalRecords: Int64
    private let feed: ReplicationFeed
    private let backupCoveredSeq = Locked<(@Sendable () -> Int64?)?>(nil)
    private let beforeDelete = Locked<(@Sendable (Int64, Transaction) -> Int64?)?>(nil)

    /// `intervalRecords` is capped at `retainedRecords`, so a small retention also prunes often.
    public init(retainedRecords: Int64, intervalRecords: Int64 = 1_000, feed: ReplicationFeed) {
        self.retainedRecords = max(1, retainedRecords)
        self.intervalRecords = max(1, min(intervalRecords, self.retainedRecords))
        self.feed = feed
    }

    /// Sets the hook that says up to which seq a backup covers the log (nil: no backup covers anything yet).
    /// Without a hook, backups are not configured and do not hold records back.
    public func setBackupCoverage(_ coveredSeq: @escaping @Sendable () -> Int64?) {
        backupCoveredSeq.withLock { $0 = coveredSeq }
    }

    /// Sets the hook called on the writer thread, inside the batch, before records with seq ≤ its first argument are
    /// deleted (the log archive); it returns the highest seq it allows deleting, nil for none (e.g. archiving failed).
    public func setBeforeDelete(_ hook: @escaping @Sendable (_ throughSeq: Int64, _ transaction: Transaction) -> Int64?) {
        beforeDelete.withLock { $0 = hook }
    }

    /// The highest seq that may be deleted now, or nil when nothing may.
    public func pruneLimit(headSeq: Int64) -> Int64? {
        var limit = headSeq - retainedRecords
        if let acknowledged = feed.minimumAcknowledgedSeq() { limit = min(limit, acknowledged) }
        if let coverage = backupCoveredSeq.withLock({ $0 }) {
            guard let covered = coverage() else { return nil }
            limit = min(limit, covered)
        }
        return limit > 0 ? limit : nil
    }

    /// Deletes prunable records when `headSeq` is due.
    func pruneIfDue(headSeq: Int64, in transaction: Transaction) throws {
        guard headSeq % intervalRecords == 0, let limit = pruneLimit(headSeq: headSeq) else { return }
        try prune(through: limit, in: transaction)
    }

    /// Deletes prunable records when the applied run `firstSeq...lastSeq` crossed a multiple of `intervalRecords`.
    func pruneIfDue(appliedFrom firstSeq: Int64, through lastSeq: Int64, in transaction: Transaction) throws {
        guard lastSeq / intervalRecords > (firstSeq - 1) / intervalRecords,
              let limit = pruneLimit(headSeq: lastSeq) else { return }
        try prune(through: limit, in: transaction)
    }

    /// Deletes records through `limit`, or through the highest seq the before-delete hook (the log archive)
    /// allows when one is set: the archiver caps what one call archives, so a long backlog goes step by step.
    private func prune(through limit: Int64, in transaction: Transaction) throws {
        var limit = limit
        if let hook = beforeDelete.withLock({ $0 }) {
            guard let allowed = hook(limit, transaction) else { return }
            limit = min(limit, allowed)
        }
        try ReplicationLog.prune(through: limit, in: transaction)
    }
}
