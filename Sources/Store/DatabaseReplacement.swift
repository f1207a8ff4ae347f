import Foundation

/// Replaces everything in a live database with the contents of another database file, in one write transaction:
/// `sqlite3_backup` from the file into the open connection.
///
/// Why it exists: a running standby that fell behind the primary's log retention installs a fresh snapshot without
/// restarting. Its event loops keep their read connections open; in WAL mode they go on reading their old snapshot
/// until the copy commits, then see the new contents (the copy bumps the schema cookie, so prepared statements are
/// re-prepared). Runs on the thread that owns `connection`: the writer thread, through
/// `Writer.performExclusiveAndWait` (no transaction may be open). Blocking file and SQLite work.
/// See https://www.sqlite.org/backup.html .
public enum DatabaseReplacement {
    /// Pages copied per backup step (the destination's write transaction stays open across steps).
    static let pagesPerStep: Int32 = 4_096

    /// Copies the database at `sourcePath` over `connection`'s main database; returns the pages copied.
    /// - Throws: `StoreError.sqlite` when the copy fails (page sizes differ in WAL mode, disk full); the destination
    ///   is then unchanged.
    @discardableResult
    public static func replace(contentsOf connection: Connection, withDatabaseAt sourcePath: String) throws -> Int {
        let source = try Connection(configuration: StoreConfiguration(path: sourcePath), readOnly: true)
        defer { source.close() }
        try source.execute("BEGIN")
        defer { try? source.execute("COMMIT") }
        let backup = try SQLiteBackup(source: source.database, destination: connection.database)
        var busySteps = 0
        while try !backup.step(pages: pagesPerStep) {
            if backup.remainingPages > 0 { continue }
            busySteps += 1   // BUSY/LOCKED with nothing copied: back off briefly instead of spinning.
            guard busySteps < 3_000 else {
                try backup.finish()   // rolls the destination back
                throw StoreError.sqlite(code: 5, message: "database stayed locked for 30 s during the replacement",
                                        sql: nil)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let pages = backup.totalPages
        try backup.finish()
        return pages
    }
}
