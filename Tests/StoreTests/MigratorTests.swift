import Crypto
import Store
import Testing

@Suite struct MigratorTests {
    static let first = (name: "0001_players.sql", contents: "CREATE TABLE players(id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;")
    static let second = (
        name: "0002_player_names.sql",
        contents: "CREATE UNIQUE INDEX players_name ON players(name);\nINSERT INTO players(name) VALUES ('system');")
    static let failing = (
        name: "0003_broken.sql",
        contents: "CREATE TABLE partial(id INTEGER PRIMARY KEY) STRICT;\nINSERT INTO no_such_table VALUES (1);")

    @Test(arguments: [("0001_node_settings.sql", 1), ("0042_a2_b.sql", 42), ("12345_x.sql", 12_345)])
    func parsesValidNames(name: String, version: Int) throws {
        let migration = try Migration(fileName: name, contents: "SELECT 1;")
        #expect(migration.version == version)
        #expect(migration.fileName == name)
        #expect(migration.checksum == SHA256.hexDigest(Array("SELECT 1;".utf8)))
    }

    @Test(arguments: [
        "1_short.sql", "0001-dash.sql", "0001_Upper.sql", "0001_.sql", "0001_name.txt", "abcd_name.sql",
        "0000_zero.sql", "0001_space name.sql", "0001_name.sql.bak", "_0001_name.sql", "0001__name.sql",
    ])
    func rejectsBadNames(name: String) {
        #expect(throws: StoreError.migrationNameInvalid(fileName: name)) {
            try Migrator.migrations(from: [(name: name, contents: "")])
        }
    }

    @Test func sortsByVersionAndRejectsDuplicates() throws {
        let migrations = try Migrator.migrations(from: [Self.second, Self.first])
        #expect(migrations.map(\.version) == [1, 2])
        #expect(throws: StoreError.migrationVersionDuplicated(version: 1)) {
            try Migrator.migrations(from: [Self.first, (name: "0001_other.sql", contents: "")])
        }
    }

    @Test func appliesInOrderOnceAndRecordsChecksums() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        let migrations = try Migrator.migrations(from: [Self.second, Self.first])
        #expect(try Migrator.appliedVersions(on: connection) == [])
        let applied = try Migrator.apply(migrations, to: connection)
        #expect(applied.map(\.version) == [1, 2])
        #expect(try Migrator.appliedVersions(on: connection) == [1, 2])
        #expect(try Migrator.apply(migrations, to: connection) == [])
        let records = try connection.query("SELECT file_name, checksum, applied_at FROM schema_migrations ORDER BY version")
        #expect(try records.map { try $0.string("file_name") } == [Self.first.name, Self.second.name])
        #expect(try records.map { try $0.string("checksum") } == migrations.map(\.checksum))
        #expect(try records.allSatisfy { try $0.int64("applied_at") > 1_700_000_000 })
        #expect(try connection.query("SELECT name FROM players").count == 1)
    }

    @Test func changedAppliedFileStopsStartUp() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        let original = try Migrator.migrations(from: [Self.first])
        _ = try Migrator.apply(original, to: connection)
        let edited = try Migrator.migrations(from: [(name: Self.first.name, contents: Self.first.contents + "\n-- edited")])
        #expect(throws: StoreError.migrationChanged(
            fileName: Self.first.name, recordedChecksum: original[0].checksum, actualChecksum: edited[0].checksum)
        ) {
            try Migrator.apply(edited, to: connection)
        }
    }

    @Test func unknownAppliedMigrationStopsStartUp() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        _ = try Migrator.apply(try Migrator.migrations(from: [Self.first, Self.second]), to: connection)
        #expect(throws: StoreError.migrationUnknown(version: 2, fileName: Self.second.name)) {
            try Migrator.apply(try Migrator.migrations(from: [Self.first]), to: connection)
        }
    }

    @Test func failingMigrationRollsBackEntirely() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        let migrations = try Migrator.migrations(from: [Self.first, Self.second, Self.failing])
        let error = #expect(throws: StoreError.self) { try Migrator.apply(migrations, to: connection) }
        guard case .migrationFailed(let fileName, let message)? = error else {
            Issue.record("expected migrationFailed, got \(String(describing: error))")
            return
        }
        #expect(fileName == Self.failing.name)
        #expect(message.contains("no such table: no_such_table"))
        #expect(try Migrator.appliedVersions(on: connection) == [1, 2])
        #expect(try connection.query("SELECT name FROM sqlite_schema WHERE name = 'partial'").isEmpty)
        // Fixing the file lets the next start apply it.
        let fixed = try Migrator.migrations(from: [
            Self.first, Self.second, (name: Self.failing.name, contents: "CREATE TABLE partial(id INTEGER PRIMARY KEY) STRICT;"),
        ])
        #expect(try Migrator.apply(fixed, to: connection).map(\.version) == [3])
    }

    @Test func migrationMayNotEndItsTransaction() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        let migrations = try Migrator.migrations(from: [(name: "0001_commits.sql", contents: "CREATE TABLE t(id INTEGER PRIMARY KEY); COMMIT;")])
        #expect(throws: StoreError.self) { try Migrator.apply(migrations, to: connection) }
        #expect(try Migrator.appliedVersions(on: connection) == [])
    }
}
