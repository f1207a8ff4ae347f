/// Formatting helpers for the Prometheus text exposition format 0.0.4.
///
/// Spec: https://prometheus.io/docs/instrumenting/exposition_formats/ (`# HELP` escapes `\` and newline; label values
/// escape `\`, `"` and newline; floats as Go's `ParseFloat` reads them, with `+Inf`, `-Inf`, `NaN`). Stateless.
enum PrometheusText {
    /// A `# HELP` text: `\` and newline escaped.
    static func escapeHelp(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// A label value: `\`, `"` and newline escaped.
    static func escapeLabelValue(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// `text` with `\` and newline escaped, and `"` too when `quotes`: the one escaping rule of the format, which
    /// `# HELP` applies without quotes.
    private static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `{a="x",b="y"}` for the pairs, or the empty string when there are none.
    static func labelSet(_ pairs: [(name: String, value: String)]) -> String {
        if pairs.isEmpty { return "" }
        return "{" + pairs.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// A sample value: integers without a fraction (`3`), others in shortest round-trip form (`0.25`, `1e-05`).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// One sample line: `name{labels} value\n`.
    static func appendSample(name: String, labels: [(name: String, value: String)], value: String, to output: inout String) {
        output += name
        output += labelSet(labels)
        output += " "
        output += value
        output += "\n"
    }
}
