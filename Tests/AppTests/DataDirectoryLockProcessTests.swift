import Foundation
import HTTP
import Store
import Testing
import TestSupport

/// One process per data dir, with real processes: a second `serve` and every offline writing command are refused with
/// the holder's pid while a node runs, the node keeps taking writes, and read-only commands still work beside it.
@Suite struct DataDirectoryLockProcessTests {
    @Test(.timeLimit(.minutes(3))) func secondServeAndOfflineWritersAreRefusedWhileANodeRuns() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        let node = try NodeProcess(dataDirectory: data)
        #expect(try node.register("alice").status == 201)
        let lockText = try String(contentsOfFile: data + "/worldgame.lock", encoding: .utf8)
        #expect(lockText == "pid \(node.processID)\ncommand worldgame serve\n")

        let second = try runWorldgame(["serve", "--data-dir", data, "--api-port", "0", "--ws-port", "0", "--loops", "1"]
                                      + NodeProcess.internalPortArguments, in: directory)
        #expect(second.status == 1)
        #expect(second.stderr.contains(
            "data dir \(data) is in use by process \(node.processID) (worldgame serve); stop it first or use another --data-dir"),
            "\(second.stderr)")
        #expect(try node.register("bob").status == 201, "the first node keeps taking writes")

        // A read-only command works beside the node: the backup the refused restore would use.
        let backup = directory.file("backup.db")
        let taken = try runWorldgame(["backup", "--data-dir", data, "--to", backup], in: directory)
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try runWorldgame(["verify", "--data-dir", data], in: directory).status == 0)
        #expect(try runWorldgame(["jobs", "list", "--data-dir", data], in: directory).status == 0)

        let secretFile = directory.file("replication.secret")
        try Data(repeating: 0x61, count: 48).write(to: URL(fileURLWithPath: secretFile))
        let writers: [[String]] = [
            ["migrate", "--data-dir", data],
            ["restore", "--from", backup, "--data-dir", data, "--force"],
            ["promote", "--data-dir", data],
            ["rejoin", "--data-dir", data, "--peer", "http://127.0.0.1:9", "--replication-secret-file", secretFile],
            ["admin", "create", "operator", "--data-dir", data],
            ["jobs", "retry", "1", "--data-dir", data],
            ["jobs", "cancel", "1", "--data-dir", data],
        ]
        for arguments in writers {
            let refused = try runWorldgame(arguments, in: directory)
            #expect(refused.status == 1, "\(arguments[0]) exited \(refused.status)")
            #expect(refused.stderr.contains("is in use by process \(node.processID) (worldgame serve)"),
                    "\(arguments.prefix(2)): \(refused.stderr)")
        }
        #expect(try node.register("carol").status == 201, "the node still takes writes after every refusal")
        #expect(try node.send(.get, "/ready").status == 200)
        #expect(node.stop() == 0)

        // The kernel dropped the lock with the process: the stale file blocks nothing.
        let migrate = try runWorldgame(["migrate", "--data-dir", data], in: directory)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let connection = try Connection(configuration: StoreConfiguration(path: data + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        let players = try connection.query("SELECT username FROM players WHERE username NOT LIKE '$%' ORDER BY id").map { try $0.string("username") }
        #expect(players == ["alice", "bob", "carol"])
    }

    @Test(.timeLimit(.minutes(2))) func aKilledHolderLeavesNoLock() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        let node = try NodeProcess(dataDirectory: data)
        node.child.send(signal: SIGKILL)
        node.child.waitForExit()
        let restarted = try NodeProcess(dataDirectory: data)
        #expect(try restarted.register("dave").status == 201)
        #expect(restarted.stop() == 0)
    }
}
