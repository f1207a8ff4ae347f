import Foundation
import Telemetry

/// `worldgame bench all`: every benchmark of `BenchCommand.benchmarks` in turn (each prints its own table with the
/// baselines measured in its run), then start-up figures of the real binary, then one summary of every ratio and
/// goal line, with the machine's load average before and after so noisy figures can be recognised.
///
/// Runs on the calling thread. A benchmark that fails is reported in the summary and the others still run.
struct BenchAll {
    var settings: BenchCommand.Settings

    func run() throws -> String {
        let began = ContinuousClock.now
        var summary: [String] = ["load before: \(Self.loadAverage())"]
        var failed: [String] = []
        for benchmark in BenchCommand.benchmarks {
            let caseStart = ContinuousClock.now
            do {
                let text = try benchmark.run(settings)
                print(text)
                summary += Self.goalLines(of: text).map { "\(benchmark.name): \($0)" }
            } catch {
                print("bench \(benchmark.name): FAILED: \(error)\n")
                failed.append(benchmark.name)
            }
            summary.append("\(benchmark.name): took " + String(format: "%.1f s", (ContinuousClock.now - caseStart).seconds))
        }
        let startup = try StartupBenchmark().run()
        print("bench startup\n" + startup.lines.joined(separator: "\n") + "\n")
        summary += startup.lines.map { "startup: " + $0 }
        summary.append("load after: \(Self.loadAverage())")
        summary.append("total: " + String(format: "%.0f s", (ContinuousClock.now - began).seconds))
        if !failed.isEmpty { summary.append("FAILED: \(failed.joined(separator: ", "))") }
        return "bench all: summary (ratios measured within each benchmark's own run)\n" + summary.joined(separator: "\n")
    }

    /// The `ratio ...` lines and other goal lines a benchmark printed.
    static func goalLines(of text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            line.hasPrefix("ratio") || line.contains("(goal") || line.hasPrefix("RSS per connection")
        }
    }

    /// The first three fields of /proc/loadavg ("" where unavailable).
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
