import Dispatch
import Foundation
import Locking

/// The parent's handle on the `bench fanout-clients` child process: starts this very binary (`/proc/self/exe`) with
/// the gateway's port, reads its report lines, and stops it by closing its stdin.
///
/// Owned by the benchmark's thread; a reader thread of its own turns the child's stdout into lines behind a `Locked`.
/// The child's stderr goes to ours.
final class FanoutClientsChild {
    /// Lines read so far and whether the child's stdout ended.
    private struct Output {
        var pending = ""
        var lines: [String] = []
        var isClosed = false
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Locked(Output())
    /// Signalled for every line read and at end-of-file.
    private let lineArrived = DispatchSemaphore(value: 0)

    init(port: Int, clients: Int) throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["bench", "fanout-clients", "--port", String(port), "--clients", String(clients)]
        let stdout = Pipe()
        process.standardInput = input
        process.standardOutput = stdout
        try process.run()
        let reading = stdout.fileHandleForReading
        let (output, lineArrived) = (self.output, self.lineArrived)
        Thread {
            while true {
                let data = reading.availableData
                output.withLock { output in
                    guard !data.isEmpty else {
                        output.isClosed = true
                        return
                    }
                    output.pending += String(decoding: data, as: UTF8.self)
                    while let newline = output.pending.firstIndex(of: "\n") {
                        output.lines.append(String(output.pending[..<newline]))
                        output.pending.removeSubrange(...newline)
                    }
                }
                lineArrived.signal()
                if data.isEmpty { return }
            }
        }.start()
    }

    /// The next report line split into fields, waiting up to `timeout`.
    /// - Throws: `BenchmarkError.loadGeneratorFailed` when the child ended or said nothing in time.
    func nextLine(timeout: Duration, waitingFor what: String) throws -> [Substring] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (line, isClosed) = output.withLock { output -> (String?, Bool) in
                output.lines.isEmpty ? (nil, output.isClosed) : (output.lines.removeFirst(), false)
            }
            if let line { return line.split(separator: " ") }
            if isClosed {
                throw BenchmarkError.loadGeneratorFailed("the client process ended while waiting for \(what)")
            }
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError.loadGeneratorFailed("timed out waiting for \(what)")
            }
            _ = lineArrived.wait(timeout: .now() + .milliseconds(50))
        }
    }

    /// Closes the child's stdin (it disconnects its clients and exits), waits for it up to 10 s, then kills it.
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The child's process id (for its memory figures).
    var processIdentifier: Int32 { process.processIdentifier }
}
