import Dispatch
import Locking
import Net
import Synchronization

/// What the benchmark clients saw: subscriptions confirmed, and the instant (`SystemMonotonicClock` nanoseconds,
/// comparable across processes) each client received each event seq.
///
/// Any thread: counters are atomics; receipts go to one bucket per client loop behind its own (uncontended) `Locked`.
/// The client process drains the buckets once an event reached every client (`drainSummary`).
final class FanoutReceipts: Sendable {
    /// One client loop's receipts.
    private final class Bucket: Sendable {
        let samples = Locked<[(seq: Int, nanoseconds: Int64)]>([])
    }

    /// Receipt instants of one event over every client that got it: first, median, p99 and last.
    struct Summary: Sendable, Equatable {
        var seq: Int
        var count: Int
        var firstNanoseconds: Int64
        var medianNanoseconds: Int64
        var p99Nanoseconds: Int64
        var lastNanoseconds: Int64
    }

    private let buckets: [Bucket]
    private let subscribed = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let clientCount: Int
    /// Signalled each time the receipt count reaches a multiple of `clientCount` (an event reached every client).
    let eventCompleted = DispatchSemaphore(value: 0)

    init(loopCount: Int, clientCount: Int) {
        buckets = (0..<max(1, loopCount)).map { _ in Bucket() }
        self.clientCount = max(1, clientCount)
    }

    func record(seq: Int, loopIndex: Int) {
        let now = SystemMonotonicClock.nanoseconds()
        buckets[loopIndex % buckets.count].samples.withLock { $0.append((seq, now)) }
        if received.add(1, ordering: .relaxed).newValue % clientCount == 0 { eventCompleted.signal() }
    }

    func recordSubscribed() { subscribed.add(1, ordering: .relaxed) }
    func recordFailure() { failures.add(1, ordering: .relaxed) }

    var subscribedCount: Int { subscribed.load(ordering: .relaxed) }
    var receivedCount: Int { received.load(ordering: .relaxed) }
    var failureCount: Int { failures.load(ordering: .relaxed) }

    /// Takes every receipt recorded so far and summarises those of `seq` (nil when there are none). Call it once
    /// `seq` reached every client and before the next event is published, so no receipt of `seq` comes later.
    func drainSummary(of seq: Int) -> Summary? {
        var instants: [Int64] = []
        for bucket in buckets {
            let samples = bucket.samples.withLock { samples in
                let taken = samples
                samples.removeAll(keepingCapacity: true)
                return taken
            }
            for sample in samples where sample.seq == seq { instants.append(sample.nanoseconds) }
        }
        guard let first = instants.min() else { return nil }
        instants.sort()
        let index = { (fraction: Double) in min(instants.count - 1, Int(Double(instants.count) * fraction)) }
        return Summary(seq: seq, count: instants.count, firstNanoseconds: first,
                       medianNanoseconds: instants[index(0.5)], p99Nanoseconds: instants[index(0.99)],
                       lastNanoseconds: instants[instants.count - 1])
    }
}

/// When the server last queued a frame on a socket (the `WebSocketServer` metric hook), so the benchmark can tell the
/// server's share of the fan-out time from the clients'.
///
/// Any thread: one atomic holding `SystemMonotonicClock` nanoseconds.
final class FanoutServerSide: Sendable {
    private let lastQueuedNanoseconds = Atomic<Int64>(0)

    func frameQueued() {
        lastQueuedNanoseconds.store(SystemMonotonicClock.nanoseconds(), ordering: .relaxed)
    }

    var lastQueued: Int64 { lastQueuedNanoseconds.load(ordering: .relaxed) }
}
