import Locking


/// The children of a labelled metric family, keyed by label values, with a hard cap on how many exist.
///
/// Bounded (STYLE.md anti-pattern 3): at most `maxSeries` distinct label sets are created. After that, any new label
/// set is folded into one overflow series whose every label value is `"other"`, so a family never holds more than
/// `maxSeries + 1` series however many distinct values callers pass. Existing children keep working. Lookups take a
/// `Locked` around one dictionary access; any thread may call. Callers on hot paths cache the child they get back.
final class LabeledSeries<Child: SeriesSamples>: Sendable {
    /// The label value used for every label of the overflow series.
    static var overflowLabelValue: String { "other" }

    let labelNames: [String]
    let maxSeries: Int
    private let makeChild: @Sendable () -> Child
    private let children = Locked<[[String]: Child]>([:])

    init(labelNames: [String], maxSeries: Int, makeChild: @escaping @Sendable () -> Child) {
        precondition(maxSeries >= 1, "a family needs room for at least one series")
        self.labelNames = labelNames
        self.maxSeries = maxSeries
        self.makeChild = makeChild
    }

    /// The child for `values` (one per label name, in order), created on first use or the overflow series when full.
    func child(for values: [String]) -> Child {
        precondition(values.count == labelNames.count, "expected \(labelNames.count) label values, got \(values.count)")
        return children.withLock { children in
            if let existing = children[values] { return existing }
            let key = children.count < maxSeries
                ? values
                : Array(repeating: Self.overflowLabelValue, count: labelNames.count)
            if let overflow = children[key] { return overflow }
            let created = makeChild()
            children[key] = created
            return created
        }
    }

    /// How many series exist (the overflow series included).
    var seriesCount: Int {
        children.withLock { $0.count }
    }

    /// Writes every child's samples, ordered by label values so the output is deterministic.
    func appendSamples(name: String, to output: inout String) {
        let snapshot = children.withLock { Array($0) }
        let sorted = snapshot.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for (values, child) in sorted {
            let labels = zip(labelNames, values).map { (name: $0, value: $1) }
            child.appendSamples(name: name, labels: labels, to: &output)
        }
    }
}
