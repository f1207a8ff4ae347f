import Foundation
import Store
import Testing
import TestSupport

/// `worldgame backup` and `worldgame restore` as an operator runs them, against a running node under a write load.
@Suite struct BackupProcessTests {
    /// Runs the binary to completion; returns its exit status and stderr.
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, stderr: String) {
        let stderrPath = directory.file("stderr-\(UUID().uuidString.prefix(8)).txt")
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments, stderrPath: stderrPath)
        let status = child.waitForExit()
        return (status, (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    static func streamRows(in dataDirectory: String) throws -> Int {
        let connection = try Connection(configuration: StoreConfiguration(path: dataDirectory + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        return try connection.queryOne("SELECT count(*) AS n FROM stream")?.int("n") ?? -1
    }

    @Test func backupOfARunningNodeUnderLoadRestoresAndVerifies() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        let node = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "serve", "--data-dir", data, "--api-port", "0", "--ws-port", "0", "--internal-port", "0", "--loops", "1"])
        #expect(node.waitForServedPorts() != nil)
        let load = try ChildProcess(executable: BuiltProducts.worldgame, arguments: [
            "debug", "write-stream", "--db", data + "/worldgame.db", "--submitters", "4"])
        #expect(load.waitForOutput { $0.count >= 300 })
        let ackedBeforeBackup = load.outputLines.filter { $0.hasPrefix("ack ") }.count

        let backup = directory.file("backup.db")
        let taken = try Self.run(["backup", "--data-dir", data, "--to", backup], in: directory)
        #expect(taken.status == 0, "\(taken.stderr)")
        let ackedAfterBackup = load.outputLines.filter { $0.hasPrefix("ack ") }.count
        #expect(ackedAfterBackup > ackedBeforeBackup, "the write load kept committing")

        // A running node's database is never restored over, even with --force.
        let inUse = try Self.run(["restore", "--from", backup, "--data-dir", data, "--force"], in: directory)
        #expect(inUse.status == 1 && inUse.stderr.contains("in use"), "\(inUse.stderr)")
        load.send(signal: SIGKILL)
        load.waitForExit()
        node.send(signal: SIGTERM)
        #expect(node.waitForExit() == 0)

        let restored = directory.file("restored")
        let restore = try Self.run(["restore", "--from", backup, "--data-dir", restored], in: directory)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try Self.run(["verify", "--data-dir", restored], in: directory).status == 0)
        let rows = try Self.streamRows(in: restored)
        #expect(rows >= ackedBeforeBackup && rows <= ackedAfterBackup + 4)
        let manifest = try BackupManifest.read(forBackup: backup)
        #expect(manifest.schemaVersion >= 6)
    }

    @Test func restoreRefusesCorruptionAndNeedsForceForANonEmptyDataDir() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        #expect(try Self.run(["migrate", "--data-dir", data], in: directory).status == 0)
        let backup = directory.file("backup.db")
        #expect(try Self.run(["backup", "--data-dir", data, "--to", backup], in: directory).status == 0)

        let truncated = directory.file("truncated.db")
        try FileManager.default.copyItem(atPath: backup, toPath: truncated)
        try FileManager.default.copyItem(atPath: BackupManifest.path(forBackup: backup),
                                         toPath: BackupManifest.path(forBackup: truncated))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: truncated))
        try handle.truncate(atOffset: 4_096)
        try handle.close()
        let refused = try Self.run(["restore", "--from", truncated, "--data-dir", directory.file("x")], in: directory)
        #expect(refused.status == 1 && refused.stderr.contains("is corrupted"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("x")))

        let notEmpty = try Self.run(["restore", "--from", backup, "--data-dir", data], in: directory)
        #expect(notEmpty.status == 1 && notEmpty.stderr.contains("--force"), "\(notEmpty.stderr)")
        #expect(try Self.run(["restore", "--from", backup, "--data-dir", data, "--force"], in: directory).status == 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(entries.contains { $0.hasPrefix("replaced-") })
        #expect(try Self.run(["verify", "--data-dir", data], in: directory).status == 0)
    }
}
