import Synchronization

/// Collects per-operation latencies from many threads and reports throughput and percentiles.
///
/// Each thread appends to its own array and hands it over once at the end, so recording costs no lock.
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[Duration]>([])

    /// Adds one thread's samples.
    func merge(_ threadSamples: [Duration]) {
        samples.withLock { $0.append(contentsOf: threadSamples) }
    }

    /// The summary over everything merged, for a run that lasted `elapsed`.
    func summary(elapsed: Duration) -> LatencySummary {
        let sorted = samples.withLock { $0 }.sorted()
        return LatencySummary(count: sorted.count, elapsed: elapsed, sortedSamples: sorted)
    }
}

/// Throughput and latency percentiles of one benchmark case.
struct LatencySummary: Sendable {
    var count: Int
    var elapsed: Duration
    var p50: Duration
    var p99: Duration

    init(count: Int, elapsed: Duration, sortedSamples: [Duration]) {
        self.count = count
        self.elapsed = elapsed
        p50 = Self.percentile(0.50, of: sortedSamples)
        p99 = Self.percentile(0.99, of: sortedSamples)
    }

    init(count: Int, elapsed: Duration, p50: Duration, p99: Duration) {
        self.count = count
        self.elapsed = elapsed
        self.p50 = p50
        self.p99 = p99
    }

    var perSecond: Double { elapsed > .zero ? Double(count) / elapsed.seconds : 0 }

    static func percentile(_ fraction: Double, of sorted: [Duration]) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }
}
