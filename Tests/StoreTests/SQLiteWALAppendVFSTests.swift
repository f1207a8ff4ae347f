import Foundation
@testable import Store
import Testing

/// `SQLiteWALAppendVFS` on real WAL files: one `write` syscall per commit (counted by the kernel, `/proc`), reads of
/// frames still buffered, rolled-back spills, WAL restarts after checkpoints, and which connections use it.
@Suite struct SQLiteWALAppendVFSTests {
    /// The calling thread's write syscalls so far (`syscw` in `/proc/thread-self/io`: write, pwrite64, writev…).
    static func writeSyscalls() throws -> Int {
        let text = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("syscw:") })
        return try #require(Int(line.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces)))
    }

    static let insertRows = """
        INSERT INTO item(payload)
        WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < ?)
        SELECT printf('%0800d', value) FROM n
        """

    /// A transaction of `rows` rows of 800 bytes (about `rows / 5` pages), run on `connection` by this thread; returns
    /// the write syscalls of this thread during its COMMIT.
    static func commitWrites(_ connection: Connection, rows: Int) throws -> Int {
        try connection.execute("BEGIN IMMEDIATE")
        try connection.run(insertRows, [rows])
        let before = try writeSyscalls()
        try connection.execute("COMMIT")
        return try writeSyscalls() - before
    }

    static func createItems(_ connection: Connection) throws {
        try connection.execute("CREATE TABLE item(id INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT")
    }

    @Test func theWritersCommitIsOneWriteWherePlainSQLiteWritesTwoPerFrame() throws {
        let database = try StoreTestDatabase()
        let plain = try database.connection()
        #expect(!plain.coalescesWALAppends)
        try Self.createItems(plain)
        let plainWrites = try Self.commitWrites(plain, rows: 40)
        plain.close()
        #expect(plainWrites >= 16, "plain SQLite wrote \(plainWrites) times for ~9 frames")

        let writer = try Writer(configuration: database.configuration)
        defer { writer.shutdown() }
        // The first commit starts the WAL: SQLite writes and syncs its header before the frames (two writes).
        try writer.performAndWait { transaction in try transaction.run(Self.insertRows, [1]) }
        for rows in [1, 40, 120] {
            let writes = try writer.performAndWait { transaction in
                try transaction.run(Self.insertRows, [rows])
                return try Self.writeSyscalls()
            }
            // The syscalls of the batch above, from its commands to its COMMIT, read by the next batch.
            let after = try writer.performAndWait { _ in try Self.writeSyscalls() }
            #expect(after - writes == 1, "\(rows) rows: \(after - writes) writes in the writer's COMMIT")
        }
        #expect(try database.count("item") == 40 + 162)
    }

    @Test func aCommitLargerThanTheBufferIsWrittenInRunsOfItsLimit() throws {
        let database = try StoreTestDatabase()
        let connection = try Connection(
            configuration: database.configuration, readOnly: false, coalescingWALAppends: true)
        #expect(connection.coalescesWALAppends)
        // No spill (every frame is written at COMMIT) and no checkpoint inside it (its page writes would count).
        try connection.execute("PRAGMA cache_size=-100000; PRAGMA wal_autocheckpoint=0")
        try Self.createItems(connection)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        // 5,000 rows of 800 bytes: about 1,000 frames of 4,120 bytes, 4.1 MB.
        let writes = try Self.commitWrites(connection, rows: 5_000)
        let walPath = database.configuration.path + "-wal"
        let walBytes = try #require(try FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int)
        // Runs end where a header or page would pass the limit, so each holds more than the limit less one page.
        let limit = SQLiteWALAppendBuffer.limitBytes
        let fewest = (walBytes + limit - 1) / limit
        let most = (walBytes + limit - 4_096 - 1) / (limit - 4_096) + 1
        #expect(fewest >= 30)
        #expect((fewest...most).contains(writes), "\(writes) writes for \(walBytes) bytes")
        #expect(try database.count("item") == 5_000)
        #expect(try connection.integrityCheck() == ["ok"])
    }

    @Test func pagesSpilledMidTransactionAreReadBackFromTheBuffer() throws {
        let database = try StoreTestDatabase()
        let connection = try Connection(
            configuration: database.configuration, readOnly: false, coalescingWALAppends: true)
        try Self.createItems(connection)
        try connection.execute("PRAGMA cache_size=8")
        try connection.execute("BEGIN IMMEDIATE")
        try connection.run(Self.insertRows, [3_000])
        // The cache holds 8 pages, so most of the 600 were spilled to the WAL; summing re-reads them.
        let total = try #require(try connection.queryOne("SELECT sum(length(payload)) AS n, count(*) AS c FROM item"))
        #expect(try total.int("n") == 3_000 * 800)
        try connection.run("UPDATE item SET payload = upper(payload) WHERE id % 7 = 0", [])
        try connection.execute("COMMIT")
        let reader = try database.readOnlyConnection()
        defer { reader.close() }
        #expect(try reader.queryOne("SELECT count(*) AS c FROM item")?.int("c") == 3_000)
        #expect(try reader.integrityCheck() == ["ok"])
    }

    @Test func aRolledBackSpillLeavesNothingBehindForTheNextWriter() throws {
        let database = try StoreTestDatabase()
        let coalescing = try Connection(
            configuration: database.configuration, readOnly: false, coalescingWALAppends: true)
        try Self.createItems(coalescing)
        try coalescing.execute("PRAGMA cache_size=8")
        try coalescing.execute("BEGIN IMMEDIATE")
        // About 20 pages through a cache of 8: a dozen spilled frames, fewer than one run, so all still buffered.
        try coalescing.run(Self.insertRows, [100])
        try coalescing.execute("ROLLBACK")
        // Another connection restarts the WAL over the rolled-back frames and commits there: stale bytes written
        // later would land on its frames.
        let other = try database.connection()
        #expect(try other.queryOne("PRAGMA wal_checkpoint(RESTART)")?.int("busy") == 0)
        try other.run("INSERT INTO item(payload) VALUES ('other')", [])
        try other.run(Self.insertRows, [300])
        try coalescing.run("INSERT INTO item(payload) VALUES ('coalescing')", [])
        coalescing.close()
        #expect(try other.queryOne("SELECT count(*) AS c FROM item")?.int("c") == 302)
        other.close()
        // Reopening runs WAL recovery from the file alone.
        let reopened = try database.connection()
        defer { reopened.close() }
        #expect(try reopened.integrityCheck() == ["ok"])
        #expect(try reopened.query("SELECT payload FROM item WHERE length(payload) < 20 ORDER BY id")
            .map { try $0.string("payload") } == ["other", "coalescing"])
    }

    @Test(arguments: ["PASSIVE", "RESTART", "TRUNCATE"])
    func theWALRestartsAfterACheckpointAndRecoversFromTheFile(mode: String) throws {
        let database = try StoreTestDatabase()
        let walPath = database.configuration.path + "-wal"
        let connection = try Connection(
            configuration: database.configuration, readOnly: false, coalescingWALAppends: true)
        try Self.createItems(connection)
        let reader = try database.readOnlyConnection()
        defer { reader.close() }
        for round in 1...4 {
            _ = try Self.commitWrites(connection, rows: 200)
            #expect(try reader.queryOne("SELECT count(*) AS c FROM item")?.int("c") == round * 201 - 1)
            let checkpoint = try #require(try connection.queryOne("PRAGMA wal_checkpoint(\(mode))"))
            #expect(try checkpoint.int("busy") == 0)
            let walBytes = try #require(try FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int)
            if mode == "TRUNCATE" { #expect(walBytes == 0) }
            // The next commit starts the WAL over (with a new header at offset 0) unless it was only PASSIVE.
            try connection.run("INSERT INTO item(payload) VALUES (?)", ["round \(round)"])
            #expect(try reader.queryOne("SELECT count(*) AS c FROM item")?.int("c") == round * 201)
            try connection.run("DELETE FROM item WHERE payload = ?", ["round \(round)"])
            try connection.run("INSERT INTO item(payload) VALUES (?)", ["round \(round)"])
        }
        // A copy of the files as a crash leaves them (no checkpoint at close) must recover every commit.
        let copy = database.directory.file("copy.db")
        try FileManager.default.copyItem(atPath: database.configuration.path, toPath: copy)
        try FileManager.default.copyItem(atPath: walPath, toPath: copy + "-wal")
        let recovered = try Connection(configuration: StoreConfiguration(path: copy), readOnly: false)
        defer { recovered.close() }
        #expect(try recovered.integrityCheck() == ["ok"])
        #expect(try recovered.queryOne("SELECT count(*) AS c FROM item")?.int("c") == 4 * 201)
        connection.close()
    }

    @Test func onlyReadWriteConnectionsThatSyncEveryCommitCoalesce() throws {
        let full = try StoreTestDatabase()
        let normal = try StoreTestDatabase { $0.synchronous = .normal }
        let fullConnection = try Connection(
            configuration: full.configuration, readOnly: false, coalescingWALAppends: true)
        #expect(fullConnection.coalescesWALAppends)
        let readOnly = try Connection(configuration: full.configuration, readOnly: true, coalescingWALAppends: true)
        #expect(!readOnly.coalescesWALAppends)
        let normalConnection = try Connection(
            configuration: normal.configuration, readOnly: false, coalescingWALAppends: true)
        #expect(!normalConnection.coalescesWALAppends)
        try Self.createItems(normalConnection)
        #expect(try Self.commitWrites(normalConnection, rows: 40) >= 16)
    }
}
