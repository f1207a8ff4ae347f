import Foundation
import Testing
import TestSupport
@testable import Bench

/// `bench bids` and `bench market` as short runs of the real binary: each prints its ceiling case next to its own
/// (the bids' requests against a no-op route, the orders' clients with a no-op writer command), the ratio to it, the
/// CPU per request by thread role, and the budget line against issue 23's rates.
@Suite struct WriteCeilingBenchmarkTests {
    static func run(_ arguments: [String]) throws -> String {
        let directory = try TemporaryDirectory()
        let stderrPath = directory.file("stderr.txt")
        let bench = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments, stderrPath: stderrPath)
        let status = bench.waitForExit()
        #expect(status == 0, "\((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")")
        return bench.outputLines.joined(separator: "\n")
    }

    /// The requests/s of the row named `name` (the number after it).
    static func rate(of name: String, in output: String) -> Int {
        let line = output.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
        return line.dropFirst(name.count).split(separator: " ").first.flatMap { Int($0) } ?? 0
    }

    @Test func bidsReportTheirHTTPCeilingAndTheCPUOfARequest() throws {
        let output = try Self.run(["bench", "bids", "--seconds", "1"])
        #expect(Self.rate(of: "(b) HTTP, 1 blind auction", in: output) > 0)
        #expect(Self.rate(of: "(f) ceiling: (b)'s requests, no-op route", in: output) > 0, "\(output)")
        #expect(output.contains("ratio (b) / (f), the share of the harness's HTTP capacity the bids reach: "))
        #expect(output.contains("CPU per bid (b): writer "))
        #expect(output.contains("CPU per request (f): writer 0.0 us, loops "), "the ceiling runs no writer command")
        #expect(output.contains("budget: at 25000 bids/s "))
    }

    @Test func ordersReportTheWritersCeilingAndTheCPUOfAnOrder() throws {
        let output = try Self.run(["bench", "market", "--seconds", "1"])
        let orders = Self.rate(of: "orders x64", in: output)
        let ceiling = Self.rate(of: "ceiling: no-op command x64", in: output)
        #expect(orders > 0 && ceiling > orders, "\(output)")
        #expect(output.contains("ratio orders / ceiling: "))
        #expect(output.contains("CPU per order: writer "))
        #expect(output.contains("CPU per no-op command: writer "))
        #expect(output.contains("budget: at 15000 orders/s "))
        #expect(output.contains("audit after the run: pass"))
    }
}
