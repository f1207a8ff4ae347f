import Foundation

/// Prints benchmark results as an aligned text table followed by `ratio` lines.
struct BenchTable {
    var title: String
    var unit: String
    private var rows: [(name: String, summary: LatencySummary)] = []
    private var ratios: [String] = []

    init(title: String, unit: String) {
        self.title = title
        self.unit = unit
    }

    mutating func add(_ name: String, _ summary: LatencySummary) { rows.append((name, summary)) }

    /// Adds a line `ratio NAME: X.XXx (goal ...)`.
    mutating func addRatio(_ name: String, numerator: Double, denominator: Double, goal: String) {
        let value = denominator > 0 ? numerator / denominator : 0
        ratios.append("ratio \(name): " + String(format: "%.2fx", value) + " (goal \(goal))")
    }

    /// Adds a free-text line after the ratios (a goal check that is not a ratio, a skipped comparison).
    mutating func addNote(_ line: String) { ratios.append(line) }

    func render() -> String {
        let nameWidth = max(12, (rows.map(\.name.count).max() ?? 0) + 2)
        var text = "\(title)\n"
        text += "case".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            + "\(unit)/s".leftPadded(14) + "p50 ms".leftPadded(10) + "p99 ms".leftPadded(10) + "count".leftPadded(10) + "batch".leftPadded(8) + "\n"
        for row in rows {
            text += row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + String(format: "%.0f", row.summary.perSecond).leftPadded(14)
                + String(format: "%.3f", row.summary.p50.milliseconds).leftPadded(10)
                + String(format: "%.3f", row.summary.p99.milliseconds).leftPadded(10)
                + String(row.summary.count).leftPadded(10)
                + (row.summary.meanBatchSize.map { String(format: "%.1f", $0) } ?? "-").leftPadded(8) + "\n"
        }
        for ratio in ratios { text += ratio + "\n" }
        return text
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
