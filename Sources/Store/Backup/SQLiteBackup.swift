import CSQLite

/// The owner of one `sqlite3_backup` handle: copies the pages of a source connection's `main` database into a
/// destination connection, a few pages per `step`.
///
/// Internal to `Store`: `BackupMaker` drives it on the calling thread, which owns both connections for the copy's
/// duration. See https://www.sqlite.org/backup.html and https://www.sqlite.org/c3ref/backup_finish.html . When the
/// source connection already holds a read transaction, every step reads that one snapshot (in WAL mode the node's
/// writer keeps committing meanwhile, and the copy never restarts).
final class SQLiteBackup {
    private var handle: OpaquePointer?
    private let destination: SQLiteDatabase

    /// Starts a copy of `source`'s main database over `destination`'s main database.
    init(source: SQLiteDatabase, destination: SQLiteDatabase) throws(StoreError) {
        let sourceHandle = try source.openHandle()
        let destinationHandle = try destination.openHandle()
        guard let started = sqlite3_backup_init(destinationHandle, "main", sourceHandle, "main") else {
            throw destination.error(code: sqlite3_errcode(destinationHandle), sql: nil)
        }
        handle = started
        self.destination = destination
    }

    deinit { sqlite3_backup_finish(handle) }

    /// What one `step` did.
    enum StepResult: Equatable {
        /// Every page is copied (`SQLITE_DONE`).
        case done
        /// Pages were copied and more remain (`SQLITE_OK`).
        case progressed
        /// A lock was not available, nothing was copied (`SQLITE_BUSY`/`SQLITE_LOCKED`): the caller backs off and
        /// steps again.
        case busy
    }

    /// Copies up to `pages` more pages.
    func step(pages: Int32) throws(StoreError) -> StepResult {
        guard let handle else { throw .connectionClosed(path: destination.path) }
        let code = sqlite3_backup_step(handle, pages)
        switch code {
        case SQLITE_DONE: return .done
        case SQLITE_OK: return .progressed
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        default: throw .sqlite(code: code, message: String(cString: sqlite3_errstr(code)), sql: nil)
        }
    }

    /// Pages still to copy after the last step.
    var remainingPages: Int { handle.map { Int(sqlite3_backup_remaining($0)) } ?? 0 }

    /// Pages of the source database as of the last step.
    var totalPages: Int { handle.map { Int(sqlite3_backup_pagecount($0)) } ?? 0 }

    /// Releases the handle; throws the copy's error, if any (idempotent).
    func finish() throws(StoreError) {
        guard let handle else { return }
        self.handle = nil
        let code = sqlite3_backup_finish(handle)
        guard code == SQLITE_OK else { throw destination.error(code: code, sql: nil) }
    }
}
