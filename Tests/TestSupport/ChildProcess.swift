import Foundation

/// A child process started by a test, with its standard output captured line by line.
///
/// Used for crash tests (SIGKILL at a random instant) and end-to-end tests against the real binary.
public final class ChildProcess: @unchecked Sendable {
    // Safety: `process` and the pipes are only touched by the test that created the value; `lines` sits behind `lock`.
    public let process: Process
    private let outputPipe = Pipe()
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var lines: [String] = []

    /// Starts `executable` with `arguments` and `environment` (default: this process's); stderr goes to `stderrPath`
    /// (or is discarded). The child gets `WORLDGAME_INTERNAL_PORT=0` unless the environment sets it: a `worldgame serve`
    /// started by a test never takes the shared default internal port 4002 (`--internal-port` still wins).
    public init(executable: String, arguments: [String], environment: [String: String]? = nil, stderrPath: String? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var childEnvironment = environment ?? ProcessInfo.processInfo.environment
        if childEnvironment["WORLDGAME_INTERNAL_PORT"] == nil { childEnvironment["WORLDGAME_INTERNAL_PORT"] = "0" }
        process.environment = childEnvironment
        process.standardOutput = outputPipe
        if let stderrPath {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data)
        }
        try process.run()
    }

    private func append(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        buffer.append(contentsOf: data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
    }

    /// Complete lines printed so far.
    public var outputLines: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Waits (polling) until `predicate` holds for the output lines, or `timeout` passes. Returns whether it held.
    @discardableResult
    public func waitForOutput(timeout: Duration = .seconds(30), _ predicate: ([String]) -> Bool) -> Bool {
        _ = waitUntil(timeout, interval: .milliseconds(5)) { predicate(outputLines) || !process.isRunning }
        return predicate(outputLines)
    }

    /// Sends `signal` to the child.
    public func send(signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit and returns its status, draining the rest of its output.
    @discardableResult
    public func waitForExit() -> Int32 {
        process.waitUntilExit()
        outputPipe.fileHandleForReading.readabilityHandler = nil
        append(outputPipe.fileHandleForReading.readDataToEndOfFile())
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }
}
