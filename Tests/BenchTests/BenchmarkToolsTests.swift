@testable import Bench
import Foundation
import HTTP
import Testing

/// The pieces `bench http` and `bench all` rely on: reading wrk's output, collecting goal lines, and nginx serving
/// exactly the bytes it was given.
@Suite struct BenchmarkToolsTests {
    static let wrkOutput = """
        Running 3s test @ http://127.0.0.1:4000/health
          2 threads and 64 connections
          Latency Distribution
             50%  812.00us
             75%    1.20ms
             90%    2.10ms
             99%   16.35ms
          174270 requests in 3.00s, 25.10MB read
        Requests/sec:  58090.00
        """

    @Test func readsWrkThroughputAndPercentiles() throws {
        let summary = try WrkLoadGenerator.parse(Self.wrkOutput)
        #expect(summary.count == 174_270)
        #expect(summary.p50 == .microseconds(812))
        #expect(summary.p99 == .microseconds(16_350))
        #expect(Int(summary.perSecond) == 58_090)
    }

    @Test func refusesWrkOutputWithErrorResponses() {
        #expect(throws: BenchmarkError.self) {
            try WrkLoadGenerator.parse(Self.wrkOutput + "\n  Non-2xx or 3xx responses: 12\n")
        }
    }

    @Test func collectsRatioAndGoalLinesForTheSummary() {
        var table = BenchTable(title: "bench x", unit: "req")
        table.add("case", LatencySummary(count: 10, elapsed: .seconds(1), p50: .milliseconds(1), p99: .milliseconds(2)))
        table.addRatio("a / b", numerator: 3, denominator: 2, goal: ">= 1x")
        table.addNote("p99 at 5 players: 1.000 ms (goal < 2 ms)")
        table.addNote("informational line")
        #expect(BenchAll.goalLines(of: table.render()) == [
            "ratio a / b: 1.50x (goal >= 1x)", "p99 at 5 players: 1.000 ms (goal < 2 ms)",
        ])
    }

    @Test func readsMemoryFiguresOfARunningProcess() {
        let figures = StartupBenchmark.memoryFigures(pid: ProcessInfo.processInfo.processIdentifier)
        #expect((figures["Rss"] ?? 0) > 1_048_576)
        #expect((figures["Pss"] ?? 0) > 0)
        #expect((figures["Pss"] ?? 0) <= (figures["Rss"] ?? 0))
        #expect(figures["Private_Dirty"] != nil)
    }

    @Test(.enabled(if: NginxPeer.executablePath != nil, "needs Debian's nginx (nginx-light)"))
    func nginxServesTheGivenBodies() throws {
        let file = Array(#"{"squares":[{"id":1}]}"#.utf8)
        let nginx = try NginxPeer(tinyBody: #"{"status":"ok"}"#, fileBody: file, workerCount: 1)
        defer { nginx.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: nginx.port)
        defer { client.close() }
        #expect(try client.send(.get, "/tiny").bodyText == #"{"status":"ok"}"#)
        let response = try client.send(.get, "/squares.json")
        #expect(response.status == 200)
        #expect(response.body == file)
    }
}
