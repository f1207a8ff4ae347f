import Synchronization

/// A monotonically increasing integer count (requests served, bytes written), exposed as a Prometheus counter.
///
/// Hot path: `increment` is one relaxed atomic add, safe from any thread. Created by `MetricsRegistry` or a
/// `CounterFamily`; never reset.
public final class Counter: Sendable, SeriesSamples {
    private let storage = Atomic<Int64>(0)

    init() {}

    /// Adds `amount` (must not be negative: counters only go up).
    public func increment(by amount: Int64 = 1) {
        precondition(amount >= 0, "counters only increase")
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current count.
    public var value: Int64 {
        storage.load(ordering: .relaxed)
    }

    func appendSamples(name: String, labels: [(name: String, value: String)], to output: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: String(value), to: &output)
    }
}
