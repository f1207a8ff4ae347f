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
    ///
    /// - Parameters:
    ///   - busyLimit: how long the copy may find the destination locked (`SQLITE_BUSY`/`SQLITE_LOCKED`) in a row,
    ///     backing off 10 ms per try, before it gives up.
    ///   - onStep: called on the calling thread after every step, copied or busy (the writer's liveness signal,
    ///     `Writer.reportProgress`, so the systemd watchdog does not take a long copy for a wedged writer).
    /// - Throws: `StoreError.replacementTimedOut` when the destination stayed locked for `busyLimit`;
    ///   `StoreError.sqlite` when the copy fails (page sizes differ in WAL mode, disk full). The destination is then
    ///   unchanged.
    @discardableResult
    public static func replace(contentsOf connection: Connection, withDatabaseAt sourcePath: String,
                               busyLimit: Duration = .seconds(30),
                               onStep: () -> Void = {}) throws -> Int {
        let source = try Connection(configuration: StoreConfiguration(path: sourcePath), readOnly: true)
        defer { source.close() }
        try source.execute("BEGIN")
        defer { try? source.execute("COMMIT") }
        let backup = try SQLiteBackup(source: source.database, destination: connection.database)
        let clock = ContinuousClock()
        var busySince: ContinuousClock.Instant?
        copying: while true {
            let result = try backup.step(pages: pagesPerStep)
            onStep()
            switch result {
            case .done:
                break copying
            case .progressed:
                busySince = nil
            case .busy:
                let since = busySince ?? clock.now
                busySince = since
                guard clock.now - since < busyLimit else {
                    try? backup.finish()   // rolls the destination back
                    throw StoreError.replacementTimedOut(busyLimit: busyLimit)
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        let pages = backup.totalPages
        try backup.finish()
        return pages
    }
}
