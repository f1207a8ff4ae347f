import Locking

/// The leases one worker holds right now (its claimed batch, until the batch's outcomes are committed).
///
/// Written by the worker thread that claimed them, read by the scheduler thread that renews them, hence the lock.
final class JobLeaseBook: Sendable {
    private let leases = Locked<[JobLease]>([])

    /// Records a freshly claimed batch.
    func hold(_ claimed: [JobLease]) { leases.withLock { $0 = claimed } }

    /// Forgets the batch (its outcomes are committed or released).
    func clear() { leases.withLock { $0.removeAll() } }

    /// The leases held now.
    var all: [JobLease] { leases.withLock { $0 } }
}
