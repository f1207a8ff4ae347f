import Foundation
import Testing
import TestSupport
@testable import Bench

/// `worldgame bench fanout` as a small run of the real binary (server in the bench process, clients in the
/// `bench fanout-clients` child it spawns), and the receipt summaries the client process reports.
@Suite struct FanoutBenchmarkTests {
    @Test func aSmallRunReportsEveryEventAtEveryClient() throws {
        let directory = try TemporaryDirectory()
        let stderrPath = directory.file("stderr.txt")
        let bench = try ChildProcess(executable: BuiltProducts.worldgame,
                                     arguments: ["bench", "fanout", "--clients", "40", "--seconds", "1"],
                                     stderrPath: stderrPath)
        let status = bench.waitForExit()
        let output = bench.outputLines.joined(separator: "\n")
        #expect(status == 0, "\((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")")
        #expect(output.contains("bench fanout: 40 WebSocket clients on 127.0.0.1 (client process apart)"))
        let events = output.firstMatch(of: /one topic, (\d+) committed events/).flatMap { Int($0.1) } ?? 0
        #expect(events >= 50, "at least 50 events are published")
        for row in ["commit -> last client", "commit -> median client", "commit -> last frame queued"] {
            #expect(output.contains(row))
        }
        #expect(output.contains("RSS per connection: server"))
        #expect(output.contains("CPU per event"))
    }

    @Test func theClientModeRefusesToRunWithoutAPort() throws {
        let bench = try ChildProcess(executable: BuiltProducts.worldgame, arguments: ["bench", "fanout-clients"])
        #expect(bench.waitForExit() != 0)
    }

    @Test func summariesTakeOnlyTheGivenSeqAndDrainTheBuckets() {
        let receipts = FanoutReceipts(loopCount: 2, clientCount: 3)
        for index in 0..<3 { receipts.record(seq: 1, loopIndex: index) }
        #expect(receipts.eventCompleted.wait(timeout: .now()) == .success, "the third receipt completes the event")
        let summary = receipts.drainSummary(of: 1)
        #expect(summary?.count == 3)
        if let summary {
            #expect(summary.firstNanoseconds <= summary.medianNanoseconds)
            #expect(summary.medianNanoseconds <= summary.p99Nanoseconds)
            #expect(summary.p99Nanoseconds <= summary.lastNanoseconds)
        }
        #expect(receipts.drainSummary(of: 1) == nil, "drained")
        receipts.record(seq: 2, loopIndex: 0)
        #expect(receipts.drainSummary(of: 3) == nil)
    }
}
