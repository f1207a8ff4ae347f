import Foundation
@testable import Jobs
import Store
import Testing
import TestSupport

/// `worldgame jobs list|show|retry|cancel` against a data dir, through the real binary.
@Suite struct JobsCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    static func worldgame(_ arguments: [String], in directory: TemporaryDirectory) throws -> Run {
        let stderrPath = directory.file("stderr-\(UUID().uuidString.prefix(6))")
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments, stderrPath: stderrPath)
        let status = child.waitForExit()
        let errorOutput = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Run(status: status, output: child.outputLines.joined(separator: "\n"), errorOutput: errorOutput)
    }

    @Test(.timeLimit(.minutes(1)))
    func operatorCommandsListShowRetryAndCancel() throws {
        let directory = try TemporaryDirectory(prefix: "jobs-command")
        let dataDirectory = directory.file("data")
        let migrate = try Self.worldgame(["migrate", "--data-dir", dataDirectory], in: directory)
        try #require(migrate.status == 0, "migrate failed: \(migrate.errorOutput)")
        let connection = try Connection(configuration: StoreConfiguration(path: dataDirectory + "/worldgame.db"),
                                        readOnly: false)
        let pending = try #require(try JobTable.insert(NewJob(kind: "settleAuction"), now: 1_000, defaultMaxAttempts: 5,
                                                       in: connection))
        let dead = try #require(try JobTable.insert(NewJob(kind: "exportAtlas", maxAttempts: 1), now: 1_000,
                                                    defaultMaxAttempts: 5, in: connection))
        _ = try JobTable.claim(owner: "w", limit: 10, now: 2_000, leaseMilliseconds: 10, in: connection)
        _ = try JobTable.markFailed(JobLease(jobID: dead, owner: "w", attempt: 1), error: "atlas refused", retryAt: nil,
                                    now: 3_000, in: connection)
        _ = try JobTable.release(JobLease(jobID: pending, owner: "w", attempt: 1), now: 3_000, in: connection)
        connection.close()
        let base = ["--data-dir", dataDirectory]

        let list = try Self.worldgame(["jobs", "list"] + base, in: directory)
        #expect(list.status == 0 && list.output.contains("settleAuction") && list.output.contains("exportAtlas"))
        let deadOnly = try Self.worldgame(["jobs", "list", "--state", "dead"] + base, in: directory)
        #expect(deadOnly.output.contains("exportAtlas") && !deadOnly.output.contains("settleAuction"))
        let show = try Self.worldgame(["jobs", "show", String(dead)] + base, in: directory)
        #expect(show.output.contains("state: dead") && show.output.contains("last_error: atlas refused"))

        let retry = try Self.worldgame(["jobs", "retry", String(dead)] + base, in: directory)
        #expect(retry.status == 0, "\(retry.errorOutput)")
        let refused = try Self.worldgame(["jobs", "retry", String(pending)] + base, in: directory)
        #expect(refused.status == 1 && refused.errorOutput.contains("only dead or failed jobs can be retried"))
        let cancel = try Self.worldgame(["jobs", "cancel", String(pending)] + base, in: directory)
        #expect(cancel.status == 0, "\(cancel.errorOutput)")
        let missing = try Self.worldgame(["jobs", "show", "999999"] + base, in: directory)
        #expect(missing.status == 1 && missing.errorOutput.contains("no job with id 999999"))

        let check = try Connection(configuration: StoreConfiguration(path: dataDirectory + "/worldgame.db"), readOnly: true)
        defer { check.close() }
        #expect(try JobTable.find(id: dead, in: check)?.state == .pending)
        #expect(try JobTable.find(id: dead, in: check)?.attempts == 0)
        #expect(try JobTable.find(id: pending, in: check)?.state == .dead)
        #expect(try JobTable.find(id: pending, in: check)?.lastError == "cancelled by an operator")
    }

    @Test(arguments: [["jobs", "--help"], ["jobs"], ["jobs", "show"], ["jobs", "frobnicate"]])
    func usageMistakesAndHelp(arguments: [String]) throws {
        let directory = try TemporaryDirectory(prefix: "jobs-command")
        let run = try Self.worldgame(arguments + ["--data-dir", directory.path], in: directory)
        if arguments.contains("--help") {
            #expect(run.status == 0 && run.output.contains("retry ID"))
        } else {
            #expect(run.status == 2, "\(arguments): \(run.errorOutput)")
        }
    }
}
