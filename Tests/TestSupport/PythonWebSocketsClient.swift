import Foundation

/// Runs scripts with the Python `websockets` client (the interoperability peer of RFC 6455 tests) from a venv under
/// `$HOME/.cache/worldgame-venv`, installing the package there when missing.
///
/// `python` is nil when no Python 3 is available (the tests are then skipped with a message).
public enum PythonWebSocketsClient {
    public static let venv = FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/worldgame-venv"

    /// The venv's python with `websockets` importable, or nil.
    public static let python: String? = {
        let python = venv + "/bin/python"
        if run(python, ["-c", "import websockets.sync.client"]) == 0 { return python }
        if !FileManager.default.fileExists(atPath: python) {
            guard run("/usr/bin/env", ["python3", "-m", "venv", venv]) == 0 else { return nil }
        }
        guard run(python, ["-m", "pip", "install", "-q", "websockets"]) == 0,
              run(python, ["-c", "import websockets.sync.client"]) == 0 else { return nil }
        return python
    }()

    public static var isAvailable: Bool { python != nil }

    /// Runs the fixture script `name` (`Tests/Fixtures/python`) with `arguments`; returns its exit status and stdout
    /// lines (with its stderr appended when it failed).
    public static func runFixture(_ name: String, arguments: [String]) throws -> (status: Int32, lines: [String]) {
        guard let python else { return (127, []) }
        let directory = try TemporaryDirectory(prefix: "ws-python")
        let child = try ChildProcess(executable: python, arguments: [PythonFixtures.path(name)] + arguments,
                                     stderrPath: directory.file("stderr"))
        let status = child.waitForExit()
        var lines = child.outputLines
        if status != 0, let stderr = try? String(contentsOfFile: directory.file("stderr"), encoding: .utf8) {
            lines.append("stderr: " + stderr)
        }
        return (status, lines)
    }

    /// Connects to `url`, sends one game command (`bid`, `merge`) and returns the `result` or `error` message it got
    /// (compact JSON), or the script's stderr when it failed.
    public static func sendCommand(url: String, _ command: String) throws -> String {
        try runFixture("ws_send_command.py", arguments: [url, command]).lines.joined(separator: "\n")
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
