import Foundation
import HTTP
import TestSupport

/// A `worldgame serve` child on free ports for the operator-safety process tests (lock, stale writer, full disk),
/// with the few HTTP calls they make.
///
/// Works with and without an internal listener: when `serve --help` knows `--internal-port`, it is set to 0
/// and `/metrics` is read from the port the "node ready" line names as `internal_port`.
final class NodeProcess {
    let child: ChildProcess
    let port: Int
    /// The port serving `/metrics` (the internal listener's, else the API's).
    let metricsPort: Int
    let dataDirectory: String

    /// `["--internal-port", "0"]` when this binary has an internal listener, else nothing.
    static let internalPortArguments: [String] = {
        guard let help = try? ChildProcess(executable: BuiltProducts.worldgame, arguments: ["serve", "--help"]) else {
            return []
        }
        help.waitForExit()
        return help.outputLines.contains { $0.contains("--internal-port") } ? ["--internal-port", "0"] : []
    }()

    /// Starts `serve` on `dataDirectory` with `extraArguments` and waits for "node ready".
    init(dataDirectory: String, extraArguments: [String] = [], stderrPath: String? = nil) throws {
        self.dataDirectory = dataDirectory
        child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", dataDirectory, "--api-port", "0", "--ws-port", "0", "--loops", "1",
            "--password-iterations", "1000", "--no-demo",
        ] + Self.internalPortArguments + extraArguments, stderrPath: stderrPath)
        guard let ports = child.waitForServedPorts() else {
            throw NodeProcessError.notReady(output: child.outputLines.suffix(20).joined(separator: "\n"))
        }
        port = ports.api
        metricsPort = ports.internalListener ?? ports.api
    }

    var processID: Int32 { child.process.processIdentifier }

    /// One request on a fresh connection (to the API port unless `port` is given).
    func send(_ method: HTTPMethod, _ target: String, json: String? = nil, port: Int? = nil) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port ?? self.port, timeout: .seconds(20))
        defer { client.close() }
        let body = json.map { Array($0.utf8) } ?? []
        return try client.send(method, target, headers: json == nil ? [:] : ["content-type": "application/json"], body: body)
    }

    /// `POST /api/auth/register` (a write through the writer).
    func register(_ username: String) throws -> HTTPClientResponse {
        try send(.post, "/api/auth/register", json: #"{"username":"\#(username)","password":"password-\#(username)"}"#)
    }

    /// The sample value of an unlabelled metric in `/metrics`.
    func metric(_ name: String) throws -> Double? {
        let text = try send(.get, "/metrics", port: metricsPort).bodyText
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        child.send(signal: SIGTERM)
        return child.waitForExit()
    }
}

enum NodeProcessError: Error {
    case notReady(output: String)
}

/// Runs `worldgame ARGUMENTS` to completion: exit status and stderr.
func runWorldgame(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, stderr: String) {
    let stderrPath = directory.file("stderr-\(UUID().uuidString.prefix(8)).txt")
    let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments, stderrPath: stderrPath)
    let status = child.waitForExit()
    return (status, (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
}
