import Locking
import Telemetry


/// Collects per-operation latencies from many threads and reports throughput and percentiles.
///
/// Each thread appends to its own array and hands it over once at the end, so recording costs no lock.
final class LatencyRecorder: Sendable {
    private let samples = Locked<[Duration]>([])

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
    /// Commands per commit, when the case commits in batches.
    var meanBatchSize: Double?

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

    /// Several runs of one case as one: total count over total time; the median of the runs' percentiles.
    static func combining(_ runs: [LatencySummary]) -> LatencySummary {
        let count = runs.reduce(0) { $0 + $1.count }
        let elapsed = runs.reduce(Duration.zero) { $0 + $1.elapsed }
        let median = { (values: [Duration]) -> Duration in values.isEmpty ? .zero : values.sorted()[values.count / 2] }
        var combined = LatencySummary(count: count, elapsed: elapsed, p50: median(runs.map(\.p50)), p99: median(runs.map(\.p99)))
        let batchRuns = runs.compactMap { run in run.meanBatchSize.map { (run.count, $0) } }
        if !batchRuns.isEmpty {
            let commits = batchRuns.reduce(0.0) { $0 + Double($1.0) / max($1.1, 1) }
            combined.meanBatchSize = commits > 0 ? Double(batchRuns.reduce(0) { $0 + $1.0 }) / commits : 0
        }
        return combined
    }

    var perSecond: Double { elapsed > .zero ? Double(count) / elapsed.seconds : 0 }

    static func percentile(_ fraction: Double, of sorted: [Duration]) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }
}
