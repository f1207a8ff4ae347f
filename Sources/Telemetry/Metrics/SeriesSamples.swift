/// A metric series that can write its own sample lines: `Counter`, `Gauge` and `Histogram` conform.
///
/// Lets one family type and one registration path serve all three kinds. Called on the scraping thread.
protocol SeriesSamples: Sendable {
    func appendSamples(name: String, labels: [(name: String, value: String)], to output: inout String)
}
