import Synchronization

/// A value that goes up and down (connections open, queue depth), exposed as a Prometheus gauge.
///
/// Stored as the bit pattern of a `Double` in an atomic: `set` is one store, `add` a compare-exchange loop. Safe from
/// any thread. Created by `MetricsRegistry` or a `GaugeFamily`.
public final class Gauge: Sendable, SeriesSamples {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init() {}

    /// Replaces the value.
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    /// Adds `delta` (negative to decrease).
    public func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let updated = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: updated, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// The current value.
    public var value: Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }

    func appendSamples(name: String, labels: [(name: String, value: String)], to output: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: PrometheusText.format(value), to: &output)
    }
}
