/// The naming rules `MetricsRegistry` enforces at registration (Prometheus data model plus our house rules).
///
/// Metric names: `^[a-zA-Z_:][a-zA-Z0-9_:]*$`, prefix `worldgame_`, counters end in `_total`. Label names:
/// `^[a-zA-Z_][a-zA-Z0-9_]*$`, not starting with `__` (reserved by Prometheus), unique, and not `le` on histograms.
/// Stateless; any thread may call it.
enum MetricNameRules {
    static let requiredPrefix = "worldgame_"

    static func validateMetricName(_ name: String, kind: MetricKind) throws(MetricsError) {
        guard isValid(name, allowsColon: true), name.hasPrefix(requiredPrefix) else {
            throw .invalidName(name)
        }
        if kind == .counter && !name.hasSuffix("_total") {
            throw .counterNameMustEndInTotal(name)
        }
    }

    static func validateLabelNames(_ labelNames: [String], kind: MetricKind) throws(MetricsError) {
        var seen: Set<String> = []
        for labelName in labelNames {
            guard isValid(labelName, allowsColon: false), !labelName.hasPrefix("__"),
                  !(kind == .histogram && labelName == "le"), seen.insert(labelName).inserted
            else {
                throw .invalidLabelName(labelName)
            }
        }
    }

    static func validateBuckets(_ buckets: [Double], metricName: String) throws(MetricsError) {
        guard !buckets.isEmpty, buckets.allSatisfy(\.isFinite), zip(buckets, buckets.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            throw .invalidBuckets(metricName)
        }
    }

    /// `[a-zA-Z_]` (plus `:` if allowed) then `[a-zA-Z0-9_]` (plus `:`), non-empty.
    private static func isValid(_ name: String, allowsColon: Bool) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy { byte in
            isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || (allowsColon && byte == UInt8(ascii: ":"))
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
