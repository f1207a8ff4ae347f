import Locking

/// The leases one worker holds right now (its claimed batch, until the batch's outcomes are committed), and since when.
///
/// Written by the worker thread that claimed them, read by the scheduler thread that renews them, hence the lock.
final class JobLeaseBook: Sendable {
    private struct Batch: Sendable {
        var leases: [JobLease] = []
        var claimedAt = ContinuousClock.now
    }

    private let batch = Locked(Batch())

    /// Records a freshly claimed batch.
    func hold(_ claimed: [JobLease]) { batch.withLock { $0 = Batch(leases: claimed, claimedAt: .now) } }

    /// Forgets the batch (its outcomes are committed or released).
    func clear() { batch.withLock { $0.leases.removeAll() } }

    /// The leases held now.
    var all: [JobLease] { batch.withLock { $0.leases } }

    /// The leases held now whose batch was claimed at most `maxAge` ago (older ones are left to expire).
    func held(forAtMost maxAge: Duration) -> [JobLease] {
        batch.withLock { ContinuousClock.now - $0.claimedAt <= maxAge ? $0.leases : [] }
    }
}
