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
        if SystemTool.status(python, ["-c", "import websockets.sync.client"]) == 0 { return python }
        if !FileManager.default.fileExists(atPath: python) {
            guard SystemTool.status("/usr/bin/env", ["python3", "-m", "venv", venv]) == 0 else { return nil }
        }
        guard SystemTool.status(python, ["-m", "pip", "install", "-q", "websockets"]) == 0,
              SystemTool.status(python, ["-c", "import websockets.sync.client"]) == 0 else { return nil }
        return python
    }()

    public static var isAvailable: Bool { python != nil }

    /// One finished run of a fixture script: its exit status and stdout lines (with its stderr appended when it
    /// failed).
    public struct FixtureRun: Sendable {
        public var status: Int32
        public var lines: [String]

        public init(status: Int32, lines: [String]) {
            self.status = status
            self.lines = lines
        }

        /// Whether the script exited 0 having printed exactly `count` lines, each an `ok NAME` of a passed check.
        public func passed(checks count: Int) -> Bool {
            status == 0 && lines.count == count && lines.allSatisfy { $0.hasPrefix("ok ") }
        }
    }

    /// Runs the fixture script `name` (`Tests/Fixtures/python`) with `arguments`.
    public static func runFixture(_ name: String, arguments: [String]) throws -> FixtureRun {
        guard let python else { return FixtureRun(status: 127, lines: []) }
        let directory = try TemporaryDirectory(prefix: "ws-python")
        let child = try ChildProcess(executable: python, arguments: [PythonFixtures.path(name)] + arguments,
                                     stderrPath: directory.file("stderr"))
        let status = child.waitForExit()
        var lines = child.outputLines
        if status != 0, let stderr = try? String(contentsOfFile: directory.file("stderr"), encoding: .utf8) {
            lines.append("stderr: " + stderr)
        }
        return FixtureRun(status: status, lines: lines)
    }

    /// Connects to `url`, sends one game command (`bid`, `merge`) and returns the `result` or `error` message it got
    /// (compact JSON), or the script's stderr when it failed.
    public static func sendCommand(url: String, _ command: String) throws -> String {
        try runFixture("ws_send_command.py", arguments: [url, command]).lines.joined(separator: "\n")
    }
}
