/// Applies the embedded schema migrations, in order, each in its own transaction with its record.
///
/// Runs at start-up on a read-write `Connection` before the `Writer` opens (nothing else writes yet). Records live in
/// `schema_migrations(version INTEGER PRIMARY KEY, file_name TEXT, checksum TEXT, applied_at INTEGER) STRICT`.
public enum Migrator {
    /// Parses embedded files (name, contents) into migrations sorted by version.
    /// - Throws: `.migrationNameInvalid` for a name not matching `NNNN_snake_name.sql`, `.migrationVersionDuplicated`
    ///   when two files share a version.
    public static func migrations(from files: [(name: String, contents: String)]) throws(StoreError) -> [Migration] {
        var migrations: [Migration] = []
        for file in files {
            migrations.append(try Migration(fileName: file.name, contents: file.contents))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw .migrationVersionDuplicated(version: next.version)
        }
        return migrations
    }

    /// Applies the pending `migrations` in version order, each in its own transaction together with its record.
    /// First verifies every already-applied migration against its file. Idempotent.
    /// - Returns: the migrations applied now (empty when the schema was up to date).
    /// - Throws: `.migrationChanged` naming an applied file whose checksum changed, `.migrationUnknown` when the database
    ///   records a migration this binary lacks, `.migrationFailed` when a migration fails (it is rolled back entirely:
    ///   no record, no partial schema), or `.sqlite` when the bookkeeping itself fails.
    /// With `recording`, each migration applied now is also handed, with its captured row changes, to the replication
    /// log in its own transaction (`MigrationRecording`).
    public static func apply(_ migrations: [Migration], to connection: Connection,
                             recording: MigrationRecording? = nil) throws(StoreError) -> [Migration] {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations(
                version INTEGER PRIMARY KEY, file_name TEXT, checksum TEXT, applied_at INTEGER) STRICT
            """)
        let applied = try appliedRecords(on: connection)
        let byVersion = Dictionary(migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for record in applied {
            guard let migration = byVersion[record.version] else {
                throw .migrationUnknown(version: record.version, fileName: record.fileName)
            }
            guard migration.checksum == record.checksum else {
                throw .migrationChanged(
                    fileName: migration.fileName, recordedChecksum: record.checksum, actualChecksum: migration.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }.sorted { $0.version < $1.version }
        var activeRecording: MigrationRecording?
        if let recording, !pending.isEmpty {
            do {
                activeRecording = try recording.isWanted(connection) ? recording : nil
            } catch {
                throw .migrationFailed(fileName: pending[0].fileName, message: "deciding whether to log it: \(error)")
            }
        }
        for migration in pending {
            try applyOne(migration, to: connection, recording: activeRecording)
        }
        return pending
    }

    /// The versions recorded in `schema_migrations`, ascending (empty when the table does not exist yet).
    public static func appliedVersions(on connection: any SQLExecutor) throws(StoreError) -> [Int] {
        try appliedRecords(on: connection).map(\.version)
    }

    /// One row of `schema_migrations`.
    private struct Record {
        var version: Int
        var fileName: String
        var checksum: String
    }

    private static func appliedRecords(on connection: any SQLExecutor) throws(StoreError) -> [Record] {
        let table = try connection.queryOne(
            "SELECT 1 AS present FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
        guard table != nil else { return [] }
        let rows = try connection.query("SELECT version, file_name, checksum FROM schema_migrations ORDER BY version")
        var records: [Record] = []
        for row in rows {
            records.append(Record(
                version: try row.int("version"),
                fileName: try row.optionalString("file_name") ?? "",
                checksum: try row.optionalString("checksum") ?? ""))
        }
        return records
    }

    private static func applyOne(_ migration: Migration, to connection: Connection,
                                 recording: MigrationRecording?) throws(StoreError) {
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let session = try recording.map { recording throws(StoreError) in
                try SQLiteSession(database: connection.database, excludedTables: recording.excludedTables)
            }
            try connection.execute(migration.sql)
            guard !connection.isAutocommit else {
                throw .migrationFailed(
                    fileName: migration.fileName, message: "the migration ended the transaction (BEGIN/COMMIT inside it?)")
            }
            try connection.run(
                """
                INSERT INTO schema_migrations(version, file_name, checksum, applied_at)
                VALUES (?, ?, ?, CAST(strftime('%s', 'now') AS INTEGER))
                """,
                [migration.version, migration.fileName, migration.checksum])
            if let recording, let session {
                let changeset = try session.changeset()
                session.delete()
                do {
                    try recording.record(migration, changeset, connection)
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw .migrationFailed(fileName: migration.fileName, message: "logging it: \(error)")
                }
            }
            try connection.execute("COMMIT")
        } catch {
            if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
            if case .migrationFailed = error { throw error }
            throw .migrationFailed(fileName: migration.fileName, message: error.description)
        }
    }
}
