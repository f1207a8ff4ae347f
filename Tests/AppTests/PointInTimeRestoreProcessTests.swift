import Foundation
import Store
import Testing
import TestSupport

/// `worldgame restore --until-seq` as an operator runs it: a node writes, two backups are taken while it runs, then
/// the first backup is brought forward to the second one's seq by replaying the node's own log, and must equal the
/// second backup table by table.
@Suite struct PointInTimeRestoreProcessTests {
    /// Runs the binary to completion; returns its exit status, stdout lines and stderr.
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws
        -> (status: Int32, output: [String], stderr: String) {
        let stderrPath = directory.file("stderr-\(UUID().uuidString.prefix(8)).txt")
        let child = try ChildProcess(executable: BuiltProducts.worldgame, arguments: arguments, stderrPath: stderrPath)
        let status = child.waitForExit()
        return (status, child.outputLines, (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// Every table's rows (as text, sorted) except `replication_node` (it holds per-node bookkeeping) and SQLite's
    /// statistics tables.
    static func tables(inDataDirectory dataDirectory: String) throws -> [String: [String]] {
        let connection = try Connection(configuration: StoreConfiguration(path: dataDirectory + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        let names = try connection.query("""
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'replication_node'
            AND name NOT LIKE 'sqlite_stat%' ORDER BY name
            """).map { try $0.string("name") }
        var tables: [String: [String]] = [:]
        for name in names {
            tables[name] = try connection.query("SELECT * FROM \"\(name)\"").map { "\($0.values)" }.sorted()
        }
        return tables
    }

    static func register(_ port: Int, _ names: [String]) throws {
        for name in names { _ = try AuctionCrashTests.token(port, name, register: true) }
    }

    /// A served data dir (in a new directory) and two backups of it, first.db and second.db, taken while players
    /// register: `count` ("early0"...) before the first, `count` ("middle0"...) before the second and, when
    /// `afterwards`, `count` ("late0"...) after it. The node has stopped (exit 0) when it returns.
    static func twoBackups(_ prefix: String, players count: Int, afterwards: Bool) throws
        -> (directory: TemporaryDirectory, data: String, first: String, second: String) {
        let directory = try TemporaryDirectory(prefix: prefix)
        let data = directory.file("data")
        let node = try AuctionCrashTests.start(data, directory, 0)
        var backups: [String] = []
        for (step, backup) in [("early", "first.db"), ("middle", "second.db")] {
            try register(node.port, (0..<count).map { "\(step)\($0)" })
            backups.append(directory.file(backup))
            #expect(try run(["backup", "--data-dir", data, "--to", directory.file(backup)], in: directory).status == 0)
        }
        if afterwards { try register(node.port, (0..<count).map { "late\($0)" }) }
        node.child.send(signal: SIGTERM)
        #expect(node.child.waitForExit() == 0)
        return (directory, data, backups[0], backups[1])
    }

    @Test(.timeLimit(.minutes(3)))
    func restoreUntilTheSecondBackupsSeqEqualsTheSecondBackup() throws {
        let (directory, data, first, second) = try Self.twoBackups("pitr-process", players: 4, afterwards: true)
        let firstSeq = try #require(try BackupManifest.read(forBackup: first).replicationSequence)
        let secondSeq = try #require(try BackupManifest.read(forBackup: second).replicationSequence)
        #expect(secondSeq >= firstSeq + 4)

        // Beyond what any source holds: refused, and the data dir keeps its database.
        let beyond = try Self.run(["restore", "--from", first, "--data-dir", data, "--force", "--until-seq", "999999"],
                                  in: directory)
        #expect(beyond.status == 1 && beyond.stderr.contains("gap in the log"), "\(beyond.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).allSatisfy { !$0.hasPrefix("replaced-") })

        // Into the node's own data dir: the records come from its log, read before the database is moved aside.
        let restore = try Self.run(["restore", "--from", first, "--data-dir", data, "--force", "--until-seq", String(secondSeq)],
                                   in: directory)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.output.contains { $0.contains("reached seq \(secondSeq), checksum") }, "\(restore.output)")
        #expect(try Self.run(["verify", "--data-dir", data], in: directory).status == 0)
        let reference = directory.file("reference")
        #expect(try Self.run(["restore", "--from", second, "--data-dir", reference], in: directory).status == 0)
        let restored = try Self.tables(inDataDirectory: data)
        #expect(restored == (try Self.tables(inDataDirectory: reference)))
        let players = restored["players"]?.joined(separator: "\n") ?? ""
        #expect(players.contains("middle3") && !players.contains("late0"), "\(players.prefix(500))")
    }

    @Test(.timeLimit(.minutes(3)))
    func aDamagedDataDirDatabaseIsSkippedWithAWarningButADamagedLogDatabaseIsFatal() throws {
        let (directory, data, first, second) = try Self.twoBackups("pitr-damaged", players: 3, afterwards: false)
        let secondSeq = try #require(try BackupManifest.read(forBackup: second).replicationSequence)
        // The data dir's database is garbage (the reason to restore); the second backup's log holds the records.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: data + "/worldgame.db" + suffix) }
        try Data(repeating: 0x5a, count: 16_384).write(to: URL(fileURLWithPath: data + "/worldgame.db"))
        let garbage = directory.file("garbage.db")
        try Data(repeating: 0x5a, count: 16_384).write(to: URL(fileURLWithPath: garbage))

        let fatal = try Self.run(["restore", "--from", first, "--data-dir", data, "--force", "--until-seq", String(secondSeq),
                                  "--log-db", garbage], in: directory)
        #expect(fatal.status == 1 && fatal.stderr.contains(garbage), "\(fatal.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).allSatisfy { !$0.hasPrefix("replaced-") })

        let restore = try Self.run(["restore", "--from", first, "--data-dir", data, "--force", "--until-seq", String(secondSeq),
                                    "--log-db", second], in: directory)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stderr.contains("warning: cannot read the log of \(data)/worldgame.db"), "\(restore.stderr)")
        #expect(restore.output.contains { $0.contains("reached seq \(secondSeq), checksum") }, "\(restore.output)")
        let reference = directory.file("reference")
        #expect(try Self.run(["restore", "--from", second, "--data-dir", reference], in: directory).status == 0)
        #expect(try Self.tables(inDataDirectory: data) == (try Self.tables(inDataDirectory: reference)))
    }
}
