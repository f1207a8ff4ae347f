import Locking


/// A distribution of observed values (latencies, batch sizes) in fixed buckets, exposed as a Prometheus histogram.
///
/// Counts per bucket, the sum and the count sit behind one `Locked` held only for three additions, so a scrape always
/// sees a consistent snapshot (`_count` equals the `+Inf` bucket). Safe from any thread. NaN observations are ignored
/// (they would poison `_sum` forever). Created by `MetricsRegistry` or a `HistogramFamily`.
public final class Histogram: Sendable, SeriesSamples {
    private struct State {
        /// Non-cumulative counts; the last slot is the `+Inf` bucket.
        var bucketCounts: [Int64]
        var count: Int64 = 0
        var sum: Double = 0
    }

    /// Strictly increasing, finite upper bounds (validated by the registry); `+Inf` is implicit.
    let upperBounds: [Double]
    private let state: Locked<State>

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        state = Locked(State(bucketCounts: Array(repeating: 0, count: upperBounds.count + 1)))
    }

    /// Records one value.
    public func observe(_ value: Double) {
        if value.isNaN { return }
        let index = bucketIndex(for: value)
        state.withLock { state in
            state.bucketCounts[index] += 1
            state.count += 1
            state.sum += value
        }
    }

    /// Records a duration in seconds.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) * 1e-18)
    }

    /// How many values were observed.
    public var count: Int64 {
        state.withLock { $0.count }
    }

    /// The sum of all observed values.
    public var sum: Double {
        state.withLock { $0.sum }
    }

    /// The first bucket whose upper bound is >= `value` (binary search); `upperBounds.count` means `+Inf`.
    private func bucketIndex(for value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if value <= upperBounds[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    func appendSamples(name: String, labels: [(name: String, value: String)], to output: inout String) {
        let snapshot = state.withLock { $0 }
        var cumulative: Int64 = 0
        for (index, bucketCount) in snapshot.bucketCounts.enumerated() {
            cumulative += bucketCount
            let bound = index < upperBounds.count ? PrometheusText.format(upperBounds[index]) : "+Inf"
            PrometheusText.appendSample(
                name: name + "_bucket", labels: labels + [("le", bound)], value: String(cumulative), to: &output)
        }
        PrometheusText.appendSample(name: name + "_sum", labels: labels, value: PrometheusText.format(snapshot.sum), to: &output)
        PrometheusText.appendSample(name: name + "_count", labels: labels, value: String(snapshot.count), to: &output)
    }
}
