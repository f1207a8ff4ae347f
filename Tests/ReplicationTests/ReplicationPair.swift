import Foundation
import HTTP
import Store
import TestSupport
import Testing

/// Two real `worldgame serve` processes on 127.0.0.1 (ports picked by the kernel), each with its own data dir,
/// sharing the replication secret and the JWT secret file (so a token from one node works on the other). Each node has
/// a public API port and an internal listener port (replication, `/metrics`); the standby's `--peer` is the primary's
/// internal listener.
final class ReplicationPair: @unchecked Sendable {
    // Safety: used by one test at a time; the children are started and stopped from the test's thread.
    let directory: TemporaryDirectory
    let secretFile: String
    let jwtFile: String
    var primary: ChildProcess?
    var standby: ChildProcess?
    private(set) var primaryPort = 0
    private(set) var standbyPort = 0
    /// The internal listeners' ports (`--internal-port`): replication routes and `/metrics`.
    private(set) var primaryInternalPort = 0
    private(set) var standbyInternalPort = 0
    private(set) var standbyWebSocketPort = 0
    private(set) var primaryWebSocketPort = 0

    static let commonArguments = ["--loops", "2", "--password-iterations", "1000", "--log-level", "info"]

    init() throws {
        directory = try TemporaryDirectory(prefix: "replication-pair")
        secretFile = directory.file("replication.secret")
        jwtFile = directory.file("jwt.key")
        try "pair-secret-0123456789abcdef\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        try String(repeating: "ab", count: 32).write(toFile: jwtFile, atomically: true, encoding: .utf8)
        for file in [secretFile, jwtFile] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }

    deinit {
        primary?.send(signal: SIGKILL)
        standby?.send(signal: SIGKILL)
    }

    var primaryDataDir: String { directory.file("primary") }
    var standbyDataDir: String { directory.file("standby") }

    /// The primary's internal listener, as a standby's `--peer` names it.
    var primaryInternalURL: String { "http://127.0.0.1:\(primaryInternalPort)" }
    /// The standby's internal listener (the new primary's URL once it is promoted).
    var standbyInternalURL: String { "http://127.0.0.1:\(standbyInternalPort)" }

    /// Starts the primary; port 0 lets the kernel choose (pass the previous ports only to restart it in place, so a
    /// running standby's `--peer` still reaches it).
    func startPrimary(extra: [String] = [], apiPort: Int = 0, internalPort: Int = 0) throws {
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", primaryDataDir, "--api-port", String(apiPort), "--ws-port", "0",
            "--internal-port", String(internalPort), "--secret-file", jwtFile, "--replication-secret-file", secretFile,
        ] + Self.commonArguments + extra, stderrPath: directory.file("primary.stderr"))
        primary = child
        (primaryPort, primaryInternalPort) = try Self.waitForPorts(child, name: "primary")
        primaryWebSocketPort = Self.webSocketPort(child)
    }

    /// Starts the standby following `peer` (default: the primary's internal listener).
    func startStandby(secretFile: String? = nil, peer: String? = nil, extra: [String] = []) throws -> ChildProcess {
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", standbyDataDir, "--api-port", "0", "--ws-port", "0", "--internal-port", "0",
            "--secret-file", jwtFile, "--role", "standby", "--peer", peer ?? primaryInternalURL,
            "--replication-secret-file", secretFile ?? self.secretFile,
        ] + Self.commonArguments + extra, stderrPath: directory.file("standby.stderr"))
        standby = child
        return child
    }

    func waitForStandby() throws {
        let child = try #require(standby)
        (standbyPort, standbyInternalPort) = try Self.waitForPorts(child, name: "standby")
        standbyWebSocketPort = Self.webSocketPort(child)
    }

    /// The realtime gateway's port from the child's "realtime gateway listening" line (0 when absent).
    static func webSocketPort(_ child: ChildProcess) -> Int {
        ServedPorts(lines: child.outputLines)?.webSocket ?? 0
    }

    /// The API and internal listener ports from the child's "node ready" line.
    static func waitForPorts(_ child: ChildProcess, name: String) throws -> (api: Int, internal: Int) {
        guard let ports = child.waitForServedPorts(), let internalPort = ports.internalListener else {
            throw PairFailure.didNotStart(name: name, output: child.outputLines.suffix(5).joined(separator: "\n"))
        }
        return (ports.api, internalPort)
    }

    /// `GET /replication/status` of the node whose internal listener is on `port`, as a JSON object.
    static func status(port: Int) throws -> [String: Any] {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        let response = try client.send(.get, "/replication/status")
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    /// Waits until the standby applied everything the primary has; returns both statuses.
    func waitForConvergence(timeout: Duration = .seconds(60)) throws -> (primary: [String: Any], standby: [String: Any]) {
        var primaryStatus: [String: Any] = [:]
        var standbyStatus: [String: Any] = [:]
        let converged = waitUntil(timeout, interval: .milliseconds(50)) {
            primaryStatus = try Self.status(port: primaryInternalPort)
            standbyStatus = try Self.status(port: standbyInternalPort)
            let head = primaryStatus["appliedSeq"] as? Int ?? -1
            return standbyStatus["appliedSeq"] as? Int == head && head > 0
        }
        guard converged else {
            throw PairFailure.didNotConverge(primary: "\(primaryStatus)", standby: "\(standbyStatus)")
        }
        return (primaryStatus, standbyStatus)
    }

    /// Stops both nodes holding the same committed state: once the standby applied the primary's whole log, freezes
    /// the primary (SIGSTOP), checks its committed head in its own file (a scheduled job may have committed after the
    /// last status poll: then it thaws it and waits again), stops the standby and kills the frozen primary.
    func stopConverged(timeout: Duration) throws {
        for _ in 0..<5 {
            _ = try waitForConvergence(timeout: timeout)
            guard let primary else { return }
            primary.send(signal: SIGSTOP)
            let head = try Self.committedHead(dataDir: primaryDataDir)
            let standbyStatus = try Self.status(port: standbyInternalPort)
            if head == standbyStatus["appliedSeq"] as? Int {
                standby?.send(signal: SIGTERM)
                _ = standby?.waitForExit()
                primary.send(signal: SIGKILL)
                _ = primary.waitForExit()
                self.primary = nil
                standby = nil
                return
            }
            primary.send(signal: SIGCONT)
        }
        throw PairFailure.didNotConverge(primary: "kept committing", standby: "")
    }

    /// The newest replication record committed in the node's database file.
    static func committedHead(dataDir: String) throws -> Int {
        let connection = try Connection(configuration: StoreConfiguration(path: dataDir + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        return Int(try connection.queryOne("SELECT coalesce(max(seq), 0) AS head FROM replication_log")?.int64("head") ?? 0)
    }

    /// Stops both nodes with SIGTERM and waits for them.
    func stop() {
        for child in [standby, primary].compactMap({ $0 }) {
            child.send(signal: SIGTERM)
            _ = child.waitForExit()
        }
        primary = nil
        standby = nil
    }
}

enum PairFailure: Error {
    case didNotStart(name: String, output: String)
    case didNotConverge(primary: String, standby: String)
}
