import CSQLite

/// A VFS over SQLite's `unix` VFS that hands a commit's WAL frames to the kernel in one `pwrite` instead of two per
/// frame (SQLite writes each frame's 24-byte header, then its page).
///
/// Why: the writer thread's serial cycle bounds the write rate, and each syscall costs that thread kernel CPU that no
/// instruction count shows (BENCHMARKS.md, "The Writer's own cost per command and per batch": a lone bid's ~9 frames
/// were 17 `pwrite`s, ~25 µs of the writer's CPU; the same bytes in one write ~10 µs).
///
/// Every file is the `unix` VFS's own. A WAL file gets `SQLiteWALFile`'s methods, which buffer contiguous appends
/// and write them before xSync and before anything that could observe or move them; the main database file gets
/// `SQLiteWALDatabaseFile`'s xShmLock, which writes them before any wal-index lock change. Other files (rollback
/// journals, temporary files) are `unix`'s untouched. Registered once per process, never as the default.
///
/// Why other connections never read a frame that is still buffered: they find frames only through the wal-index
/// header (its `mxFrame`), and SQLite publishes a commit there (`walIndexWriteHdr`) only after `sqlite3WalFrames`
/// has written the commit's frames and, when commits sync, called the WAL's xSync, which writes the buffer first. So
/// this VFS is for connections that sync every commit: `synchronous=FULL` or `EXTRA` (`Connection` uses it only
/// then, for the writer; never change `synchronous` on such a connection). Under `NORMAL` a commit publishes its
/// header with no xSync before it. Frames of a transaction that has not committed (pages SQLite spilled from a full
/// cache) lie past `mxFrame`, where only this connection looks, and its own xRead writes the buffer before reading
/// them; nothing stays buffered once the connection releases the WAL write lock (`SQLiteWALDatabaseFile`).
///
/// Durability is unchanged: a commit returns only after its xSync, which writes every buffered byte and then
/// `fdatasync`s. A crash before that loses at most the uncommitted tail, as before: WAL recovery stops at the first
/// frame whose checksum or salt does not match. See https://www.sqlite.org/wal.html and
/// https://www.sqlite.org/walformat.html .
enum SQLiteWALAppendVFS {
    /// The name connections pass to `sqlite3_open_v2`.
    static let name = "worldgame-wal-append"

    /// Registers the VFS on first use. Returns whether it is registered (it cannot be without a `unix` VFS).
    static let isRegistered: Bool = register()

    private static func register() -> Bool {
        guard let unix = sqlite3_vfs_find("unix") else { return false }
        // Lives as long as the process: SQLite keeps a pointer to the registered VFS and to its name.
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: unix.pointee)
        let nameBytes = Array(name.utf8CString)
        let storedName = UnsafeMutablePointer<CChar>.allocate(capacity: nameBytes.count)
        storedName.initialize(from: nameBytes, count: nameBytes.count)
        vfs.pointee.zName = UnsafePointer(storedName)
        vfs.pointee.pAppData = UnsafeMutableRawPointer(unix)
        vfs.pointee.pNext = nil
        vfs.pointee.xOpen = { vfs, name, file, flags, outputFlags in
            guard let vfs, let file else { return SQLITE_MISUSE }
            return SQLiteWALAppendVFS.open(vfs: vfs, name: name, file: file, flags: flags, outputFlags: outputFlags)
        }
        return sqlite3_vfs_register(vfs, 0) == SQLITE_OK
    }

    /// Opens the file with the `unix` VFS, then gives a main database or a WAL file its methods.
    private static func open(vfs: UnsafeMutablePointer<sqlite3_vfs>, name: UnsafePointer<CChar>?,
                             file: UnsafeMutablePointer<sqlite3_file>, flags: Int32,
                             outputFlags: UnsafeMutablePointer<Int32>?) -> Int32 {
        guard let unix = vfs.pointee.pAppData?.assumingMemoryBound(to: sqlite3_vfs.self),
              let openUnixFile = unix.pointee.xOpen else { return SQLITE_MISUSE }
        let code = openUnixFile(unix, name, file, flags, outputFlags)
        guard code == SQLITE_OK, file.pointee.pMethods != nil else { return code }
        if flags & SQLITE_OPEN_MAIN_DB != 0 {
            SQLiteWALDatabaseFile.install(on: file)
        } else if flags & SQLITE_OPEN_WAL != 0, let name, let database = sqlite3_database_file_object(name),
                  let wal = SQLiteWALFile.install(on: file) {
            // The pager opened its main database through this VFS too, so it is a `SQLiteWALDatabaseFile`.
            SQLiteWALDatabaseFile.link(wal, toDatabase: database)
        }
        return code
    }
}
