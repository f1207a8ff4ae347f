import CSQLite

/// The owner of one `sqlite3_session*`: records the net changes made through one connection as a changeset.
///
/// Created by the writer thread right after `BEGIN IMMEDIATE` on the write connection, read with `changeset()` before
/// `COMMIT`, and deleted when the batch ends; only the writer thread touches it. Attached to every table (`NULL`)
/// except those named in `excludedTables`, which a table filter skips. A changeset holds the net effect per row since
/// the session was created, computed against the rows as they are when `changeset()` runs, so changes rolled back to
/// a savepoint leave nothing behind. See https://www.sqlite.org/sessionintro.html .
final class SQLiteSession {
    private var handle: OpaquePointer?
    /// Kept alive for the table filter callback, which receives it as its context pointer.
    private let filter: SQLiteSessionTableFilter

    /// Starts recording changes made through `database` to every table outside `excludedTables`.
    /// - Throws: `.sessionExtensionMissing` when the library lacks the session extension, `.sqlite` otherwise.
    init(database: SQLiteDatabase, excludedTables: Set<String>) throws(StoreError) {
        guard sqlite3_compileoption_used("ENABLE_SESSION") == 1 else { throw .sessionExtensionMissing }
        let connection = try database.openHandle()
        filter = SQLiteSessionTableFilter(excludedTables: excludedTables)
        var created: OpaquePointer?
        let code = sqlite3session_create(connection, "main", &created)
        guard code == SQLITE_OK, let created else { throw database.error(code: code, sql: "sqlite3session_create") }
        handle = created
        let context = Unmanaged.passUnretained(filter).toOpaque()
        sqlite3session_table_filter(created, { context, table in
            guard let context, let table else { return 0 }
            let filter = Unmanaged<SQLiteSessionTableFilter>.fromOpaque(context).takeUnretainedValue()
            return filter.excludedTables.contains(String(cString: table)) ? 0 : 1
        }, context)
        let attachCode = sqlite3session_attach(created, nil)
        guard attachCode == SQLITE_OK else {
            delete()
            throw database.error(code: attachCode, sql: "sqlite3session_attach")
        }
    }

    deinit { delete() }

    /// The changeset of everything recorded so far (empty when nothing changed).
    func changeset() throws(StoreError) -> [UInt8] {
        guard let handle else { return [] }
        var size: Int32 = 0
        var bytes: UnsafeMutableRawPointer?
        let code = sqlite3session_changeset(handle, &size, &bytes)
        defer { sqlite3_free(bytes) }
        guard code == SQLITE_OK else {
            throw .sqlite(code: code, message: String(cString: sqlite3_errstr(code)), sql: "sqlite3session_changeset")
        }
        guard let bytes, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
    }

    /// Deletes the session (idempotent). Must run before the connection closes.
    func delete() {
        guard let handle else { return }
        sqlite3session_delete(handle)
        self.handle = nil
    }
}

/// The names of the tables a session skips; the C table filter reads it through its context pointer.
private final class SQLiteSessionTableFilter {
    let excludedTables: Set<String>

    init(excludedTables: Set<String>) {
        self.excludedTables = excludedTables
    }
}
