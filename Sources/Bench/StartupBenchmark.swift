import Foundation
import HTTP
import Telemetry

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
        /// Proportional set size and private dirty bytes of the last start (from smaps_rollup): RSS counts every
        /// page of the shared libraries (Foundation, ICU data, the Swift runtime) the process touched, PSS shares them.
        var proportionalBytes = 0
        var privateDirtyBytes = 0

        var medianStart: Duration { startToReady.sorted()[startToReady.count / 2] }
        var medianResidentBytes: Int { idleResidentBytes.sorted()[idleResidentBytes.count / 2] }

        /// The two goal lines `bench all` and `bench startup` print.
        var lines: [String] {
            let mebibytes = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            return [
                "start to /ready on a prepared data dir: median " + String(format: "%.1f ms", medianStart.milliseconds)
                    + " of \(startToReady.count) starts (goal < 200 ms)",
                "idle RSS after start: median \(mebibytes(medianResidentBytes)) (goal < 28 MiB); "
                    + "PSS \(mebibytes(proportionalBytes)), private dirty \(mebibytes(privateDirtyBytes))",
            ]
        }
    }

    func run() throws -> Result {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-start-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try startOnce(executable: executable, dataDirectory: directory + "/data")   // prepares the data dir
        var result = Result(startToReady: [], idleResidentBytes: [])
        for _ in 0..<runs {
            let (elapsed, memory) = try startOnce(executable: executable, dataDirectory: directory + "/data")
            result.startToReady.append(elapsed)
            result.idleResidentBytes.append(memory["Rss"] ?? 0)
            result.proportionalBytes = memory["Pss"] ?? 0
            result.privateDirtyBytes = memory["Private_Dirty"] ?? 0
        }
        return result
    }

    /// Starts a node, polls `/ready` until 200, waits idle, reads its memory figures, then stops it with SIGTERM.
    private func startOnce(executable: String, dataDirectory: String) throws -> (Duration, [String: Int]) {
        let port = try NginxPeer.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data-dir", dataDirectory, "--api-port", String(port), "--ws-port", "0",
                             "--internal-port", "0", "--log-level", "warning", "--password-iterations", "1000"]
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
        return (elapsed, Self.memoryFigures(pid: process.processIdentifier))
    }

    private static func isReady(port: Int) -> Bool {
        guard let client = try? HTTPClient(host: "127.0.0.1", port: port, timeout: .seconds(2)) else { return false }
        defer { client.close() }
        return (try? client.send(.get, "/ready"))?.status == 200
    }

    /// The `kB` fields of /proc/PID/smaps_rollup (Rss, Pss, Private_Dirty...), in bytes; empty where unavailable.
    static func memoryFigures(pid: Int32) -> [String: Int] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return [:] }
        var figures: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, fields[2] == "kB", let kibibytes = Int(fields[1]) else { continue }
            figures[String(fields[0].dropLast())] = kibibytes * 1_024
        }
        return figures
    }
}
