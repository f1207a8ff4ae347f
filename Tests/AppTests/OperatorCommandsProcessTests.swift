import Foundation
import HTTP
import Testing
import TestSupport

/// `worldgame jobs schedules`, `status` and `print-config` as an operator runs them: the real binary against a real
/// data dir, with and without its node running; and the node's one `http request` line per request at info.
@Suite(.serialized) struct OperatorCommandsProcessTests {
    struct Run {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    /// The environment of every child: no `WORLDGAME_*` from the test runner's own environment leaks in.
    static let baseEnvironment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    static func worldgame(_ arguments: [String], in directory: TemporaryDirectory,
                          environment: [String: String] = [:]) throws -> Run {
        let stderrPath = directory.file("stderr-\(UUID().uuidString.prefix(8))")
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments,
                                     environment: baseEnvironment.merging(environment) { $1 }, stderrPath: stderrPath)
        let status = child.waitForExit()
        let errorOutput = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Run(status: status, output: child.outputLines.joined(separator: "\n"), errorOutput: errorOutput)
    }

    /// A node started by a test: the process, its API port and its internal listener's port.
    struct StartedNode {
        var process: ChildProcess
        var apiPort: Int
        var internalPort: Int
    }

    /// Starts `serve` on free ports in `dataDirectory` and returns it once it logged "node ready".
    static func startNode(_ dataDirectory: String, extraArguments: [String] = []) throws -> StartedNode {
        let child = try ChildProcess(
            executable: BuiltProducts.worldgame,
            arguments: ["serve", "--data-dir", dataDirectory, "--api-port", "0", "--ws-port", "0", "--internal-port", "0",
                        "--loops", "1", "--password-iterations", "1000"] + extraArguments,
            environment: baseEnvironment)
        let ports = try #require(child.waitForServedPorts(), "node did not start: \(child.outputLines.suffix(5))")
        return StartedNode(process: child, apiPort: ports.api, internalPort: try #require(ports.internalListener))
    }

    static let seedSchedules = ["checkAndQueueAuctions", "checkExpansionNeeds", "scheduleResourceUpdates"]
    static let outcomes: Set<String> = ["never", "pending", "running", "done", "failed", "dead", "purged"]

    @Test(.timeLimit(.minutes(2)))
    func schedulesAndStatusExitCodesWithTheNodeUpAndDown() throws {
        let directory = try TemporaryDirectory(prefix: "operator-commands")
        let dataDirectory = directory.file("data")
        let started = try Self.startNode(dataDirectory)
        let node = started.process
        let port = started.internalPort
        let base = ["--data-dir", dataDirectory]

        let table = try Self.worldgame(["jobs", "schedules"] + base, in: directory)
        #expect(table.status == 0, "\(table.errorOutput)")
        let lines = table.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true && lines.first?.contains("LAST OUTCOME") == true)
        for name in Self.seedSchedules { #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name) missing") }
        #expect(lines.contains { $0.hasPrefix("checkAndQueueAuctions ") && $0.contains("daily 00:00 UTC") })
        #expect(lines.contains { $0.hasPrefix("scheduleResourceUpdates ") && $0.contains("every 300s") })

        let json = try Self.worldgame(["jobs", "schedules", "--json"] + base, in: directory)
        #expect(json.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(Set(Self.seedSchedules).isSubset(of: Set(entries.compactMap { $0["name"] as? String })))
        let rfc3339 = ISO8601DateFormatter()
        rfc3339.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for entry in entries {
            let next = try #require(entry["nextRunAt"] as? String)
            #expect(rfc3339.date(from: next) != nil, "nextRunAt \(next)")
            #expect(Self.outcomes.contains(entry["lastOutcome"] as? String ?? "?"), "\(entry)")
        }

        // Reached through the flag, then through WORLDGAME_INTERNAL_PORT as serve would read it: exit 0.
        let status = try Self.worldgame(["status", "--internal-port", String(port)] + base, in: directory)
        #expect(status.status == 0, "\(status.errorOutput)")
        #expect(status.output.contains("role: primary\n") && !status.output.contains("not reachable"))
        #expect(status.output.contains("schedules:\n") && status.output.contains("  scheduleResourceUpdates "))
        let fromEnvironment = try Self.worldgame(["status", "--json"] + base, in: directory,
                                                 environment: ["WORLDGAME_INTERNAL_PORT": String(port)])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.errorOutput)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(fromEnvironment.output.utf8)) as? [String: Any])
        #expect((report["live"] as? [String: Any])?["role"] as? String == "primary")
        #expect(((report["database"] as? [String: Any])?["schedules"] as? [Any])?.count == entries.count)

        node.send(signal: SIGTERM)
        #expect(node.waitForExit() == 0)

        // Node down: the stored values, then exit 3; --allow-offline makes it 0.
        let offline = try Self.worldgame(["status", "--internal-port", String(port)] + base, in: directory)
        #expect(offline.status == 3)
        #expect(offline.output.contains("role: primary (stored; node not reachable at http://127.0.0.1:\(port)"))
        #expect(offline.output.contains("schedules:\n") && offline.errorOutput.contains("--allow-offline"))
        let allowed = try Self.worldgame(["status", "--allow-offline", "--internal-port", String(port)] + base,
                                         in: directory)
        #expect(allowed.status == 0 && allowed.output.contains("stored; node not reachable"))
        let schedulesOffline = try Self.worldgame(["jobs", "schedules"] + base, in: directory)
        #expect(schedulesOffline.status == 0 && schedulesOffline.output.contains("scheduleResourceUpdates"))

        // No database at all: 1 (an error, not "unreachable"); a bad flag value: 2.
        let missing = try Self.worldgame(["status", "--data-dir", directory.file("nothing-here")], in: directory)
        #expect(missing.status == 1)
        let badPort = try Self.worldgame(["status", "--internal-port", "http"] + base, in: directory)
        #expect(badPort.status == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func printConfigIsServePrintConfig() throws {
        let directory = try TemporaryDirectory(prefix: "print-config")
        let flags = ["--data-dir", directory.file("data"), "--workers", "3", "--token-ttl", "120"]
        let environment = ["WORLDGAME_API_PORT": "4321", "WORLDGAME_LOG_LEVEL": "warning"]
        let alias = try Self.worldgame(["print-config"] + flags, in: directory, environment: environment)
        let serve = try Self.worldgame(["serve", "--print-config"] + flags, in: directory, environment: environment)
        #expect(alias.status == 0 && serve.status == 0, "\(alias.errorOutput) \(serve.errorOutput)")
        #expect(alias.output == serve.output)
        let config = try #require(try JSONSerialization.jsonObject(with: Data(alias.output.utf8)) as? [String: Any])
        #expect(config["apiPort"] as? Int == 4321 && config["workers"] as? Int == 3 && config["logLevel"] as? String == "warning")
        #expect(!FileManager.default.fileExists(atPath: directory.file("data")), "print-config must not create the data dir")
        let bad = try Self.worldgame(["print-config", "--bogus"], in: directory)
        #expect(bad.status == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func everyRequestLogsOneInfoLineButProbesLogAtDebug() throws {
        let directory = try TemporaryDirectory(prefix: "request-log")
        let backups = directory.file("backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let started = try Self.startNode(directory.file("data"), extraArguments: ["--backup-dir", backups])
        let node = started.process
        // The gauges the alert rules need that a single fresh node can show: no backup yet, not fenced, no standby.
        let internalClient = try HTTPClient(host: "127.0.0.1", port: started.internalPort)
        let metrics = String(decoding: try internalClient.send(.get, "/metrics").body, as: UTF8.self)
        internalClient.close()
        let client = try HTTPClient(host: "127.0.0.1", port: started.apiPort)
        #expect(try client.send(.get, "/health").status == 200)
        #expect(metrics.contains("\nworldgame_backup_last_success_timestamp_seconds 0\n"))
        #expect(metrics.contains("\nworldgame_replication_fenced 0\n"))
        #expect(metrics.contains("\nworldgame_replication_standby_contact_age_seconds -1\n"))
        #expect(try client.send(.get, "/api/regions").status == 200)
        #expect(try client.send(.get, "/api/no-such-route").status == 404)
        client.close()
        let logged = node.waitForOutput { lines in
            lines.contains { $0.contains(#""message":"http request""#) && $0.contains(#""status":404"#) }
        }
        #expect(logged)
        let requestLines = node.outputLines.filter { $0.contains(#""message":"http request""#) }
        #expect(requestLines.count == 2, "\(requestLines)")
        #expect(requestLines.allSatisfy { $0.contains(#""level":"info""#) && $0.contains(#""request_id":""#) })
        #expect(requestLines.contains { $0.contains(#""route":"/api/regions""#) && $0.contains(#""status":200"#) })
        #expect(!requestLines.contains { $0.contains(#""path":"/health""#) })
        node.send(signal: SIGTERM)
        #expect(node.waitForExit() == 0)
    }
}
