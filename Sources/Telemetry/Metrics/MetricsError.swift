/// Why `MetricsRegistry` refused to register a metric; each case carries the offending name.
///
/// Registration happens once at start-up, so these are configuration bugs surfaced early rather than at scrape time.
public enum MetricsError: Error, Equatable {
    /// The metric name does not match `^[a-zA-Z_:][a-zA-Z0-9_:]*$` or does not start with `worldgame_`.
    case invalidName(String)
    /// A label name does not match `^[a-zA-Z_][a-zA-Z0-9_]*$`, starts with `__`, repeats, or is `le` on a histogram.
    case invalidLabelName(String)
    /// The name (or, for histograms, one of its `_bucket`/`_sum`/`_count` series) is already registered.
    case duplicateName(String)
    /// A counter's name must end in `_total`.
    case counterNameMustEndInTotal(String)
    /// Histogram buckets (named by the metric) are empty, not finite, or not strictly increasing.
    case invalidBuckets(String)
}
