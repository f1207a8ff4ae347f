import CSQLite

/// Records the net row changes of one transaction on a connection as a changeset, byte for byte what a
/// `sqlite3_session` attached for that transaction would produce, from a pre-update hook instead of a session.
///
/// Exists for the writer's batches on a primary: the system SQLite's session (3.40) prepares `PRAGMA table_info` twice
/// and a `SELECT` for every table in every session, and a session cannot be reset, so one changeset per batch cost
/// about 720k instructions per lone bid, mostly SQL parsing. This recorder reads each table's columns once, keeps one
/// prepared `SELECT` per table across batches, and reads them again only when `PRAGMA schema_version` moved.
///
/// It keeps the session's rules (see `SQLiteChangeRecorderTable`): tables in the order the batch first changed them,
/// rows in the session's hash order, each row's first operation and first values, and the net change computed against
/// the rows as they are when `changeset()` runs, so changes rolled back to a savepoint or by a failed statement leave
/// nothing behind. Tables in `excludedTables`, tables without a PRIMARY KEY and other schemas (temp, attached) are
/// skipped, as the session skips them; a table whose columns changed while the batch had changed it fails the batch
/// with `SQLITE_SCHEMA`, as the session does.
///
/// It departs from the session in one case only: a row written before `ALTER TABLE ... ADD COLUMN c ... NOT NULL
/// DEFAULT x` added `c`. SQLite 3.40's `sqlite3_preupdate_old` (and so its session) reads NULL for `c` on such a row,
/// so the session's UPDATE or DELETE of it carries old `c` = NULL, and `sqlite3changeset_apply` on a standby, whose row
/// reads `x`, refuses it as a data conflict. The recorder records `x` there instead (`SQLiteColumnDefault`): a NOT NULL
/// column's true old value is never NULL, so this is exact. Newer SQLite reads `x` as well.
///
/// Owned by the writer thread, like its connection: `begin()` after `BEGIN`, `changeset()` before `COMMIT` (it ends
/// the batch's recording), `discard()` after a `ROLLBACK`, `forgetTables()` after anything that may have replaced the
/// schema, `close()` before the connection closes. The hook is installed only between `begin()` and the end of the
/// batch, so a `SQLiteSession` can use the connection at other times (the migrator's).
/// See https://www.sqlite.org/sessionintro.html and https://www.sqlite.org/c3ref/preupdate_blobwrite.html .
final class SQLiteChangeRecorder {
    private let database: SQLiteDatabase
    private let excludedTables: Set<String>
    /// Tables by name, kept across batches while the schema version stays `schemaVersion`.
    private var tablesByName: [String: SQLiteChangeRecorderTable] = [:]
    /// The same tables by the address of the name SQLite hands the hook (checked against the name before use), so a
    /// row change finds its table without building a `String`. A short list searched in order: a schema has a few
    /// dozen tables, and comparing addresses costs less than hashing one (about 0.5k instructions a row).
    private var tablesByNameAddress: [(address: UnsafeRawPointer, table: SQLiteChangeRecorderTable)] = []
    /// The batch's changed tables in the order it first changed them: the changeset's table order.
    private var batchTables: [SQLiteChangeRecorderTable] = []
    /// The schema version the cached tables were read at (-1: none read yet).
    private var schemaVersion: Int64 = -1
    private var schemaVersionStatement: OpaquePointer?
    /// The schema version at this batch's `begin()`.
    private var batchSchemaVersion: Int64 = -1
    /// Set when a table was read at another schema version than `batchSchemaVersion` (created or altered inside the
    /// batch, perhaps in a savepoint rolled back since): every table is read again after the batch.
    private var hasTablesReadMidBatch = false
    /// The connection while the hook is installed.
    private var hookedConnection: OpaquePointer?
    /// The first error the hook met in this batch (a hook cannot throw); `changeset()` throws it.
    private var failure: StoreError?
    /// Scratch space for a row's key and an UPDATE's new record, and the changeset being written, reused across rows
    /// and batches.
    private var key = SQLiteChangeBytes(capacity: 64)
    private var newRecord = SQLiteChangeBytes(capacity: 256)
    private var output = SQLiteChangeBytes(capacity: 4096)

    /// A recorder for `database`'s main schema that leaves out `excludedTables`.
    /// - Throws: `.sessionExtensionMissing` when the library lacks the pre-update hook or the session extension (which
    ///   a standby needs to apply the changesets).
    init(database: SQLiteDatabase, excludedTables: Set<String>) throws(StoreError) {
        guard sqlite3_compileoption_used("ENABLE_PREUPDATE_HOOK") == 1,
              sqlite3_compileoption_used("ENABLE_SESSION") == 1 else { throw .sessionExtensionMissing }
        self.database = database
        self.excludedTables = excludedTables
    }

    deinit { close() }

    /// Starts recording a batch: drops the cached tables when the schema version moved, installs the hook.
    func begin() throws(StoreError) {
        let connection = try database.openHandle()
        let version = try readSchemaVersion(connection)
        if version != schemaVersion {
            forgetTables()
            schemaVersion = version
        }
        batchSchemaVersion = version
        let context = Unmanaged.passUnretained(self).toOpaque()
        let previous = sqlite3_preupdate_hook(connection, Self.hook, context)
        hookedConnection = connection
        if previous != nil {
            // Someone else's hook (a session) was installed: put it back rather than record half of its changes.
            sqlite3_preupdate_hook(connection, nil, nil)
            hookedConnection = nil
            throw .sqlite(code: SQLITE_MISUSE, message: "another pre-update hook is installed on the connection",
                          sql: nil)
        }
    }

    /// The batch's changeset (empty when nothing netted to a change); ends the batch's recording.
    /// - Throws: what the hook met (`.sqlite` with `SQLITE_SCHEMA` when a changed table's columns changed), or a
    ///   failing row `SELECT`.
    func changeset() throws(StoreError) -> [UInt8] {
        unhook()
        defer { endBatch() }
        if let failure { throw failure }
        guard batchTables.contains(where: { !$0.changes.isEmpty }) else { return [] }
        try checkTablesUnchanged()
        output.removeAll()
        for table in batchTables where !table.changes.isEmpty {
            do {
                try table.appendChanges(to: &output, database: database, newRecord: &newRecord)
            } catch {
                // A table dropped since (a savepoint that created it rolled back) fails as the session fails.
                if try !readTable(named: table.name).hasLayout(of: table) {
                    throw Self.schemaChanged(table.name, detail: "it changed during the batch")
                }
                throw error
            }
        }
        return output.array
    }

    /// Forgets the batch (after its transaction rolled back); the next `begin()` starts afresh.
    func discard() {
        unhook()
        endBatch()
    }

    /// Drops the cached tables and their statements, so the next batch reads every table again.
    func forgetTables() {
        for table in tablesByName.values { table.finalize() }
        tablesByName.removeAll()
        tablesByNameAddress.removeAll()
        schemaVersion = -1
    }

    /// Removes the hook and finalizes every statement (idempotent). Must run before the connection closes.
    func close() {
        unhook()
        endBatch()
        forgetTables()
        sqlite3_finalize(schemaVersionStatement)
        schemaVersionStatement = nil
    }

    private func unhook() {
        guard let hookedConnection else { return }
        sqlite3_preupdate_hook(hookedConnection, nil, nil)
        self.hookedConnection = nil
    }

    private func endBatch() {
        for table in batchTables { table.resetBatch() }
        batchTables.removeAll(keepingCapacity: true)
        failure = nil
        if hasTablesReadMidBatch {
            forgetTables()
            hasTablesReadMidBatch = false
        }
    }

    /// The C hook: hands the call to the recorder its context points at.
    private static let hook: @convention(c) (
        UnsafeMutableRawPointer?, OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        sqlite3_int64, sqlite3_int64
    ) -> Void = { context, connection, operation, schema, table, oldRowid, newRowid in
        guard let context, let connection, let schema, let table else { return }
        let recorder = Unmanaged<SQLiteChangeRecorder>.fromOpaque(context).takeUnretainedValue()
        recorder.preupdate(operation, schema: schema, table: table, connection: connection,
                           rowids: (old: oldRowid, new: newRowid))
    }

    /// One row about to change (`xPreUpdate` of the session): an UPDATE is noted under its old key, then as an
    /// INSERT under its new key (a no-op unless the key changed), as the session notes it. `rowids` are the hook's
    /// old and new rowid (meaningful for a rowid table only).
    private func preupdate(_ operation: Int32, schema: UnsafePointer<CChar>, table name: UnsafePointer<CChar>,
                           connection: OpaquePointer, rowids: (old: Int64, new: Int64)) {
        guard failure == nil, sqlite3_stricmp(schema, "main") == 0 else { return }
        do {
            var table = try self.table(named: name)
            guard table.kind == .recorded else { return }
            let count = sqlite3_preupdate_count(connection)
            if count != table.columnCount {
                table = try reread(table, address: UnsafeRawPointer(name), columnCount: count)
                guard table.kind == .recorded else { return }
            }
            if !table.isTouched {
                table.isTouched = true
                batchTables.append(table)
            }
            let rowid = operation == SQLITE_INSERT ? rowids.new : rowids.old
            var code = table.note(operation, connection: connection, key: &key, rowid: rowid)
            if code == SQLITE_OK && operation == SQLITE_UPDATE {
                if table.isRowidKey && rowids.old == rowids.new {
                    // The key is the rowid and it stayed: the session's second call finds the row the first one
                    // noted and changes nothing but, maybe, the hash table's size (about 1.5k instructions a row).
                    table.growIfNeeded()
                } else {
                    code = table.note(SQLITE_INSERT, connection: connection, key: &key, rowid: rowids.new)
                }
            }
            if code != SQLITE_OK { failure = database.error(code: code, sql: "sqlite3_preupdate_old/new") }
        } catch {
            failure = error
        }
    }

    /// The table `name` points at, read on first sight.
    private func table(named name: UnsafePointer<CChar>) throws(StoreError) -> SQLiteChangeRecorderTable {
        let address = UnsafeRawPointer(name)
        for index in tablesByNameAddress.indices where tablesByNameAddress[index].address == address {
            let table = tablesByNameAddress[index].table
            if table.hasName(name) { return table }
        }
        let text = String(cString: name)
        let table: SQLiteChangeRecorderTable
        if let known = tablesByName[text] {
            table = known
        } else {
            table = try readTable(named: text)
            tablesByName[text] = table
        }
        remember(table, address: address)
        return table
    }

    /// Keeps `table` under `address`, in place of what that address named before.
    private func remember(_ table: SQLiteChangeRecorderTable, address: UnsafeRawPointer) {
        if let index = tablesByNameAddress.firstIndex(where: { $0.address == address }) {
            tablesByNameAddress[index].table = table
        } else {
            // SQLite moves a table's name only when it reloads the schema: bound the list should it keep doing so.
            if tablesByNameAddress.count >= 1024 { tablesByNameAddress.removeAll() }
            tablesByNameAddress.append((address, table))
        }
    }

    /// `table` read again because the hook reports `columnCount` columns, not its own (a column added since it was
    /// read). A table the batch already changed, or one that still does not match (generated columns), fails the
    /// batch with `SQLITE_SCHEMA`, as the session does.
    private func reread(_ table: SQLiteChangeRecorderTable, address: UnsafeRawPointer,
                        columnCount: Int32) throws(StoreError) -> SQLiteChangeRecorderTable {
        let fresh = try readTable(named: table.name)
        guard !table.isTouched, fresh.kind != .recorded || fresh.columnCount == columnCount else {
            throw Self.schemaChanged(table.name, detail: "the pre-update hook reports \(columnCount) columns, "
                + "PRAGMA table_info \(fresh.columnCount) (a generated column, or columns changed during the batch)")
        }
        table.finalize()
        tablesByName[table.name] = fresh
        tablesByNameAddress.removeAll { $0.table === table }
        remember(fresh, address: address)
        return fresh
    }

    /// When the schema version moved during the batch, checks that every table the batch changed still has the
    /// columns and primary key its changes were recorded with (`sessionGenerateChangeset` checks the same).
    private func checkTablesUnchanged() throws(StoreError) {
        let connection = try database.openHandle()
        guard try readSchemaVersion(connection) != schemaVersion else { return }
        for table in batchTables where !table.changes.isEmpty {
            guard try readTable(named: table.name).hasLayout(of: table) else {
                throw Self.schemaChanged(table.name, detail: "its columns or primary key changed during the batch")
            }
        }
    }

    private static func schemaChanged(_ table: String, detail: String) -> StoreError {
        .sqlite(code: SQLITE_SCHEMA, message: "cannot record the changes of table \(table): \(detail)", sql: nil)
    }

    /// Reads `name`'s columns and primary key (`PRAGMA table_info`, as the session 3.40 reads them; `sqlite_stat1`
    /// gets the session's made-up key (tbl, idx)), and evaluates the default of each NOT NULL non-key column that has
    /// one (`SQLiteColumnDefault`).
    private func readTable(named name: String) throws(StoreError) -> SQLiteChangeRecorderTable {
        if hookedConnection != nil, try readSchemaVersion(database.openHandle()) != batchSchemaVersion {
            hasTablesReadMidBatch = true
        }
        if excludedTables.contains(name) {
            return SQLiteChangeRecorderTable(name: name, kind: .excluded, columnNames: [], primaryKeyFlags: [])
        }
        if name.lowercased() == "sqlite_stat1" {
            let connection = try database.openHandle()
            let found = sqlite3_table_column_metadata(connection, "main", name, nil, nil, nil, nil, nil, nil)
            guard found == SQLITE_OK else {
                // Dropped (a savepoint that created it rolled back): no columns, so a batch that changed it fails.
                return SQLiteChangeRecorderTable(name: name, kind: .withoutPrimaryKey, columnNames: [],
                                                 primaryKeyFlags: [])
            }
            return SQLiteChangeRecorderTable(name: name, kind: .recorded, columnNames: ["tbl", "idx", "stat"],
                                             primaryKeyFlags: [1, 2, 0])
        }
        let connection = try database.openHandle()
        let sql = "PRAGMA \"main\".table_info(\(SQLiteChangeRecorderTable.quoted(name)))"
        var statement: OpaquePointer?
        let prepareCode = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard prepareCode == SQLITE_OK, let statement else { throw database.error(code: prepareCode, sql: sql) }
        var columnNames: [String] = []
        var primaryKeyFlags: [UInt8] = []
        var defaults: [(column: Int, sql: String, declaredType: String)] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw database.error(code: code, sql: sql) }
            let primaryKeyFlag = UInt8(truncatingIfNeeded: sqlite3_column_int(statement, 5))
            if primaryKeyFlag == 0, sqlite3_column_int(statement, 3) != 0,
               let defaultSQL = sqlite3_column_text(statement, 4) {
                let declaredType = sqlite3_column_text(statement, 2).map { String(cString: $0) } ?? ""
                defaults.append((columnNames.count, String(cString: defaultSQL), declaredType))
            }
            columnNames.append(sqlite3_column_text(statement, 1).map { String(cString: $0) } ?? "")
            primaryKeyFlags.append(primaryKeyFlag)
        }
        let kind: SQLiteChangeRecorderTable.Kind = primaryKeyFlags.contains { $0 != 0 } ? .recorded : .withoutPrimaryKey
        var oldRowDefaults: [[UInt8]?] = []
        if kind == .recorded && !defaults.isEmpty {
            oldRowDefaults = Array(repeating: nil, count: columnNames.count)
            for entry in defaults {
                oldRowDefaults[entry.column] = try SQLiteColumnDefault.field(
                    defaultSQL: entry.sql, declaredType: entry.declaredType, database: database, connection: connection)
            }
        }
        var isRowidKey = false
        if kind == .recorded && primaryKeyFlags.count(where: { $0 != 0 }) == 1 {
            isRowidKey = try !hasPrimaryKeyIndex(name, connection: connection)
        }
        return SQLiteChangeRecorderTable(name: name, kind: kind, columnNames: columnNames,
                                         primaryKeyFlags: primaryKeyFlags, oldRowDefaults: oldRowDefaults,
                                         isRowidKey: isRowidKey)
    }

    /// Whether `PRAGMA index_list` shows an index made for `name`'s PRIMARY KEY (origin `pk`). A table with a
    /// one-column key and no such index is a rowid table whose key is the rowid (`INTEGER PRIMARY KEY`): a WITHOUT
    /// ROWID table's key and any other rowid table's key (`INTEGER PRIMARY KEY DESC` too) have one. See
    /// https://www.sqlite.org/lang_createtable.html#rowid .
    private func hasPrimaryKeyIndex(_ name: String, connection: OpaquePointer) throws(StoreError) -> Bool {
        let sql = "PRAGMA \"main\".index_list(\(SQLiteChangeRecorderTable.quoted(name)))"
        var statement: OpaquePointer?
        let prepareCode = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard prepareCode == SQLITE_OK, let statement else { throw database.error(code: prepareCode, sql: sql) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return false }
            guard code == SQLITE_ROW else { throw database.error(code: code, sql: sql) }
            if let origin = sqlite3_column_text(statement, 3), String(cString: origin) == "pk" { return true }
        }
    }

    /// `PRAGMA schema_version`, through a statement prepared once.
    private func readSchemaVersion(_ connection: OpaquePointer) throws(StoreError) -> Int64 {
        let sql = "PRAGMA schema_version"
        if schemaVersionStatement == nil {
            let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT),
                                          &schemaVersionStatement, nil)
            guard code == SQLITE_OK else { throw database.error(code: code, sql: sql) }
        }
        guard let statement = schemaVersionStatement else { throw .notSingleStatement(sql: sql, statementCount: 0) }
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW else { throw database.error(code: code, sql: sql) }
        return sqlite3_column_int64(statement, 0)
    }
}
