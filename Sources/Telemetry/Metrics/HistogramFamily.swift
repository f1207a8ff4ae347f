/// A family of histograms by label values (`worldgame_http_request_duration_seconds{route}`), created by `MetricsRegistry`.
///
/// Bounded: at most `maxSeries` distinct label sets (1000 by default); values for any further label set go to one
/// series whose every label is `"other"`, so a family never grows without limit. Label values must come from bounded
/// sets anyway (route templates, never raw paths or player ids). Any thread may call `labels`; it takes a short
/// `Locked`, so hot paths with fixed labels should keep the returned child.
public final class HistogramFamily: Sendable {
    let series: LabeledSeries<Histogram>

    init(series: LabeledSeries<Histogram>) {
        self.series = series
    }

    /// The child for these label values, one per label name in registration order (a count mismatch is a programmer error).
    public func labels(_ values: String...) -> Histogram {
        series.child(for: values)
    }

    /// The child for these label values, one per label name in registration order (a count mismatch is a programmer error).
    public func labels(_ values: [String]) -> Histogram {
        series.child(for: values)
    }
}
