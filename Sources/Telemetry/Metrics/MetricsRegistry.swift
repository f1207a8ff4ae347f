import Locking


/// The process's metrics, with Prometheus text exposition (format 0.0.4) for the `/metrics` endpoint.
///
/// Metrics are created once at start-up; names and label names are validated here (see `MetricNameRules`) and
/// duplicates rejected, so naming drift fails at boot instead of in a dashboard. Thread-safe: the table of families sits
/// behind a `Locked`, and `exposition()` copies it out before writing samples or running callbacks, so a slow callback
/// never blocks registration or other scrapes. The metric objects themselves are updated lock-free (or nearly).
public final class MetricsRegistry: Sendable {
    private struct State {
        var collectors: [String: MetricCollector] = [:]
        /// Every sample name in use, histogram `_bucket`/`_sum`/`_count` names included.
        var takenNames: Set<String> = []
    }

    private let state = Locked(State())

    public init() {}

    /// Registers an unlabelled counter. The name must end in `_total`.
    public func makeCounter(_ name: String, help: String) throws(MetricsError) -> Counter {
        try registerSingle(Counter(), name: name, help: help, kind: .counter)
    }

    /// Registers a labelled counter family holding at most `maxSeries` label sets (then an `"other"` series).
    public func makeCounterFamily(
        _ name: String, help: String, labelNames: [String], maxSeries: Int = 1000
    ) throws(MetricsError) -> CounterFamily {
        CounterFamily(series: try registerFamily(name: name, help: help, kind: .counter, labelNames: labelNames,
                                                 maxSeries: maxSeries) { Counter() })
    }

    /// Registers an unlabelled gauge.
    public func makeGauge(_ name: String, help: String) throws(MetricsError) -> Gauge {
        try registerSingle(Gauge(), name: name, help: help, kind: .gauge)
    }

    /// Registers a labelled gauge family holding at most `maxSeries` label sets (then an `"other"` series).
    public func makeGaugeFamily(
        _ name: String, help: String, labelNames: [String], maxSeries: Int = 1000
    ) throws(MetricsError) -> GaugeFamily {
        GaugeFamily(series: try registerFamily(name: name, help: help, kind: .gauge, labelNames: labelNames,
                                               maxSeries: maxSeries) { Gauge() })
    }

    /// A gauge read at scrape time (queue depth, RSS, open fds).
    ///
    /// - Parameter value: runs on the scraping thread, outside any registry lock; must be cheap and thread-safe.
    public func makeCallbackGauge(_ name: String, help: String, value: @escaping @Sendable () -> Double) throws(MetricsError) {
        try registerCallback(name: name, help: help, kind: .gauge, value: value)
    }

    /// A counter read at scrape time from a source that already counts (CPU seconds); `value` must never decrease.
    func makeCallbackCounter(_ name: String, help: String, value: @escaping @Sendable () -> Double) throws(MetricsError) {
        try registerCallback(name: name, help: help, kind: .counter, value: value)
    }

    /// Registers an unlabelled histogram with finite, strictly increasing `buckets` (`+Inf` is implicit).
    public func makeHistogram(_ name: String, help: String, buckets: [Double]) throws(MetricsError) -> Histogram {
        try MetricNameRules.validateBuckets(buckets, metricName: name)
        return try registerSingle(Histogram(upperBounds: buckets), name: name, help: help, kind: .histogram)
    }

    /// Registers a labelled histogram family holding at most `maxSeries` label sets (then an `"other"` series).
    public func makeHistogramFamily(
        _ name: String, help: String, labelNames: [String], buckets: [Double], maxSeries: Int = 1000
    ) throws(MetricsError) -> HistogramFamily {
        try MetricNameRules.validateBuckets(buckets, metricName: name)
        return HistogramFamily(series: try registerFamily(name: name, help: help, kind: .histogram,
                                                          labelNames: labelNames, maxSeries: maxSeries) {
            Histogram(upperBounds: buckets)
        })
    }

    /// The text exposition of every family, sorted by name: `# HELP`, `# TYPE`, then samples. Deterministic for a
    /// given set of values. Serve with `Content-Type: text/plain; version=0.0.4; charset=utf-8`.
    public func exposition() -> String {
        let collectors = state.withLock { $0.collectors.values.sorted { $0.name < $1.name } }
        var output = ""
        for collector in collectors {
            output += "# HELP \(collector.name) \(PrometheusText.escapeHelp(collector.help))\n"
            output += "# TYPE \(collector.name) \(collector.kind.rawValue)\n"
            collector.appendSamples(&output)
        }
        return output
    }

    /// Registers `metric` as an unlabelled family and returns it.
    private func registerSingle<Metric: SeriesSamples>(
        _ metric: Metric, name: String, help: String, kind: MetricKind
    ) throws(MetricsError) -> Metric {
        try register(name: name, help: help, kind: kind, labelNames: []) { output in
            metric.appendSamples(name: name, labels: [], to: &output)
        }
        return metric
    }

    /// Registers an unlabelled family whose one sample `value` gives at scrape time.
    private func registerCallback(
        name: String, help: String, kind: MetricKind, value: @escaping @Sendable () -> Double
    ) throws(MetricsError) {
        try register(name: name, help: help, kind: kind, labelNames: []) { output in
            PrometheusText.appendSample(name: name, labels: [], value: PrometheusText.format(value()), to: &output)
        }
    }

    /// Registers a labelled family whose series `makeChild` creates, and returns its series.
    private func registerFamily<Child: SeriesSamples>(
        name: String, help: String, kind: MetricKind, labelNames: [String], maxSeries: Int,
        makeChild: @escaping @Sendable () -> Child
    ) throws(MetricsError) -> LabeledSeries<Child> {
        let series = LabeledSeries(labelNames: labelNames, maxSeries: maxSeries, makeChild: makeChild)
        try register(name: name, help: help, kind: kind, labelNames: labelNames) { output in
            series.appendSamples(name: name, to: &output)
        }
        return series
    }

    private func register(
        name: String, help: String, kind: MetricKind, labelNames: [String],
        appendSamples: @escaping @Sendable (inout String) -> Void
    ) throws(MetricsError) {
        try MetricNameRules.validateMetricName(name, kind: kind)
        try MetricNameRules.validateLabelNames(labelNames, kind: kind)
        let sampleNames = [name] + kind.derivedNames(of: name)
        let collector = MetricCollector(name: name, help: help, kind: kind, appendSamples: appendSamples)
        let isRegistered = state.withLock { state in
            guard state.takenNames.isDisjoint(with: sampleNames) else { return false }
            state.takenNames.formUnion(sampleNames)
            state.collectors[name] = collector
            return true
        }
        guard isRegistered else { throw .duplicateName(name) }
    }
}
