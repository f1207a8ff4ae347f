import Foundation
import Jobs
import Store
import Testing
import TestSupport

/// SIGKILLs the real binary several times while 4 workers drain 10,000 database-only jobs, restarts it each time, and
/// checks that every job's effect was applied exactly once and no job is left running.
@Suite struct JobsCrashTests {
    static let jobCount = 10_000
    static let kills = 5

    @Test(.timeLimit(.minutes(1)))
    func sigkilledWorkersApplyEveryDatabaseJobExactlyOnce() throws {
        let binary = BuiltProducts.worldgame
        try #require(FileManager.default.isExecutableFile(atPath: binary), "worldgame not built at \(binary)")
        let directory = try TemporaryDirectory(prefix: "jobs-crash")
        let path = directory.file("jobs.db")
        let arguments = ["debug", "job-stream", "--db", path, "--jobs", String(Self.jobCount), "--workers", "4"]
        var killed = 0
        var lastProgress = 0
        for iteration in 0...Self.kills {
            let child = try ChildProcess(executable: binary, arguments: arguments,
                                         stderrPath: directory.file("child-\(iteration).stderr"))
            guard iteration < Self.kills else {
                let status = child.waitForExit()
                #expect(status == 0, "final run exited with \(status)")
                #expect(child.outputLines.last == "finished \(Self.jobCount)")
                break
            }
            // Kill somewhere in the next stretch of progress (or as soon as the run shows any progress).
            let target = lastProgress + Int.random(in: 200...1_200)
            let reached = child.waitForOutput(timeout: .seconds(30)) { lines in
                lines.contains { $0.hasPrefix("finished") } || (Self.progress(lines) ?? 0) >= target
            }
            try #require(reached, "iteration \(iteration): no progress; output \(child.outputLines.suffix(3))")
            usleep(UInt32.random(in: 0..<20_000))   // a random kill point is the test, not a wait for a thread
            child.send(signal: SIGKILL)
            let status = child.waitForExit()
            if status == SIGKILL { killed += 1 }
            lastProgress = Self.progress(child.outputLines) ?? lastProgress
        }
        #expect(killed >= 3, "only \(killed) runs were killed mid-stream")
        try Self.verify(path)
    }

    /// The last `progress N` count printed.
    static func progress(_ lines: [String]) -> Int? {
        lines.last { $0.hasPrefix("progress ") }.flatMap { Int($0.dropFirst("progress ".count)) }
    }

    static func verify(_ path: String) throws {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        defer { connection.close() }
        #expect(try connection.integrityCheck() == ["ok"])
        let jobs = try connection.queryOne("""
            SELECT count(*) AS total, count(*) FILTER (WHERE state = 'done') AS done,
                   count(*) FILTER (WHERE state = 'running') AS running
            FROM jobs
            """)
        #expect(try jobs?.int("total") == jobCount)
        #expect(try jobs?.int("done") == jobCount)
        #expect(try jobs?.int("running") == 0)
        let effects = try connection.queryOne("""
            SELECT count(*) AS total, count(DISTINCT job_id) AS distinct_jobs FROM job_stream_effects
            """)
        #expect(try effects?.int("total") == jobCount, "an effect applied twice or lost")
        #expect(try effects?.int("distinct_jobs") == jobCount)
    }
}
