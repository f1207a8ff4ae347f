import Locking
import Synchronization

/// What the benchmark clients saw: subscriptions confirmed, and the instant each client received each event seq.
///
/// Any thread: counters are atomics; receipts go to one bucket per client loop behind its own (uncontended) `Locked`.
final class FanoutReceipts: Sendable {
    /// One client loop's receipts.
    private final class Bucket: Sendable {
        let samples = Locked<[(seq: Int, at: ContinuousClock.Instant)]>([])
    }

    private let buckets: [Bucket]
    private let subscribed = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)

    init(loopCount: Int) {
        buckets = (0..<max(1, loopCount)).map { _ in Bucket() }
    }

    func record(seq: Int, loopIndex: Int) {
        let now = ContinuousClock.now
        buckets[loopIndex % buckets.count].samples.withLock { $0.append((seq, now)) }
        received.add(1, ordering: .relaxed)
    }

    func recordSubscribed() { subscribed.add(1, ordering: .relaxed) }
    func recordFailure() { failures.add(1, ordering: .relaxed) }

    var subscribedCount: Int { subscribed.load(ordering: .relaxed) }
    var receivedCount: Int { received.load(ordering: .relaxed) }
    var failureCount: Int { failures.load(ordering: .relaxed) }

    /// Every receipt so far.
    func all() -> [(seq: Int, at: ContinuousClock.Instant)] {
        buckets.flatMap { bucket in bucket.samples.withLock { $0 } }
    }
}

/// When the server last queued a frame on a socket (the `WebSocketServer` metric hook), so the benchmark can tell the
/// server's share of the fan-out time from the clients'.
///
/// Any thread: one atomic holding nanoseconds since `base`.
final class FanoutServerSide: Sendable {
    private let base = ContinuousClock.now
    private let lastQueuedNanoseconds = Atomic<Int64>(0)

    func frameQueued() {
        let elapsed = ContinuousClock.now - base
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        lastQueuedNanoseconds.store(nanoseconds, ordering: .relaxed)
    }

    var lastQueued: ContinuousClock.Instant { base + .nanoseconds(lastQueuedNanoseconds.load(ordering: .relaxed)) }
}
