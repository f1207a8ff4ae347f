import Foundation
import HTTP

/// `bench all`'s start-up figures: time from spawning `worldgame serve` on a prepared data dir (world generated and
/// migrated by an earlier start) to the first 200 from `GET /ready`, and the node's resident memory once idle.
///
/// Spawns this very binary (`/proc/self/exe`) as a child process; runs on the calling thread.
struct StartupBenchmark {
    var runs = 5
    /// How long the node sits idle before its RSS is read.
    var idleWait: Duration = .seconds(1)

    struct Result {
        var startToReady: [Duration]
        var idleResidentBytes: [Int]

        var medianStart: Duration { startToReady.sorted()[startToReady.count / 2] }
        var medianResidentBytes: Int { idleResidentBytes.sorted()[idleResidentBytes.count / 2] }
    }

    func run() throws -> Result {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-start-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try startOnce(executable: executable, dataDirectory: directory + "/data")   // prepares the data dir
        var result = Result(startToReady: [], idleResidentBytes: [])
        for _ in 0..<runs {
            let (elapsed, resident) = try startOnce(executable: executable, dataDirectory: directory + "/data")
            result.startToReady.append(elapsed)
            result.idleResidentBytes.append(resident)
        }
        return result
    }

    /// Starts a node, polls `/ready` until 200, waits idle, reads VmRSS, then stops it with SIGTERM.
    private func startOnce(executable: String, dataDirectory: String) throws -> (Duration, Int) {
        let port = try NginxPeer.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data-dir", dataDirectory, "--api-port", String(port), "--ws-port", "0",
                             "--log-level", "warning", "--password-iterations", "1000"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let began = ContinuousClock.now
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let deadline = began + .seconds(60)
        while !Self.isReady(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw BenchmarkError.loadGeneratorFailed("worldgame serve did not become ready on port \(port)")
            }
            Thread.sleep(forTimeInterval: 0.0005)
        }
        let elapsed = ContinuousClock.now - began
        Thread.sleep(forTimeInterval: idleWait.seconds)
        return (elapsed, Self.residentBytes(pid: process.processIdentifier))
    }

    private static func isReady(port: Int) -> Bool {
        guard let client = try? HTTPClient(host: "127.0.0.1", port: port, timeout: .seconds(2)) else { return false }
        defer { client.close() }
        return (try? client.send(.get, "/ready"))?.status == 200
    }

    /// VmRSS of `pid` from /proc, in bytes; 0 where unavailable.
    static func residentBytes(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kibibytes = Int(fields[1]) { return kibibytes * 1_024 }
        }
        return 0
    }
}
