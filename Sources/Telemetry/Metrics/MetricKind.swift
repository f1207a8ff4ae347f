/// The Prometheus type of a metric family, as written on its `# TYPE` line.
///
/// Internal to the registry; a plain value.
enum MetricKind: String, Sendable {
    case counter
    case gauge
    case histogram

    /// Sample names a family of this kind writes besides its own name (they must not collide with other families).
    func derivedNames(of name: String) -> [String] {
        switch self {
        case .counter, .gauge: []
        case .histogram: [name + "_bucket", name + "_sum", name + "_count"]
        }
    }
}

/// One registered metric family: its metadata and how to write its samples at scrape time.
///
/// Immutable; the registry keeps these behind its `Locked` and calls `appendSamples` after releasing it.
struct MetricCollector: Sendable {
    let name: String
    let help: String
    let kind: MetricKind
    /// Appends the family's sample lines (no `# HELP`/`# TYPE`) to the text.
    let appendSamples: @Sendable (_ output: inout String) -> Void
}
