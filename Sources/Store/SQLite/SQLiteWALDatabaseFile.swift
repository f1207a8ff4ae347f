import CSQLite

/// The main database file handle of a connection opened through `SQLiteWALAppendVFS`: the `unix` VFS's own file,
/// whose xShmLock first writes its connection's buffered WAL appends (`SQLiteWALFile`).
///
/// Why: the WAL's own handle sees no lock calls. SQLite takes and releases the wal-index locks (the WAL write lock,
/// the readers' marks, the checkpointer's) through the database file's xShmLock, so this is where a write transaction
/// ends. Writing the buffer there guarantees no byte stays buffered once this connection gives up the WAL write lock:
/// a later write of stale bytes (from a transaction rolled back after SQLite spilled pages) can never land over
/// frames that another connection appended after it. Owned by the connection's thread, like the file.
final class SQLiteWALDatabaseFile {
    private let real: UnsafePointer<sqlite3_io_methods>
    /// The connection's WAL file while it is open.
    var wal: SQLiteWALFile?

    private init(real: UnsafePointer<sqlite3_io_methods>) {
        self.real = real
    }

    /// Takes over `file`, just opened by the `unix` VFS as a main database, replacing xShmLock and xClose.
    static func install(on file: UnsafeMutablePointer<sqlite3_file>) {
        guard let real = file.pointee.pMethods else { return }
        let owner = SQLiteWALDatabaseFile(real: real)
        SQLiteOwnedIOMethods.install(on: file, real: real, owner: owner) { methods in
            methods.xClose = { file in file.map { SQLiteWALDatabaseFile.close($0) } ?? SQLITE_MISUSE }
            methods.xShmLock = { file, offset, count, flags in
                guard let file else { return SQLITE_MISUSE }
                return SQLiteOwnedIOMethods.owner(of: file, as: SQLiteWALDatabaseFile.self)
                    .lockWALIndex(file, offset: offset, count: count, flags: flags)
            }
        }
    }

    /// Links the connection's WAL `file` (opened after its database) to `database`, a file given by
    /// `sqlite3_database_file_object`.
    static func link(_ wal: SQLiteWALFile, toDatabase database: UnsafeMutablePointer<sqlite3_file>) {
        let owner = SQLiteOwnedIOMethods.owner(of: database, as: SQLiteWALDatabaseFile.self)
        owner.wal = wal
        wal.database = owner
    }

    /// The WAL write lock is slot 0 of the wal-index locks (`WAL_WRITE_LOCK` in SQLite's wal.c); releasing it ends the
    /// connection's write transaction.
    private static let walWriteLockSlot: Int32 = 0

    /// `SQLITE_IOERR_WRITE` (a macro Swift does not import).
    private static let ioErrorWrite: Int32 = SQLITE_IOERR | (3 << 8)

    private func lockWALIndex(_ file: UnsafeMutablePointer<sqlite3_file>, offset: Int32, count: Int32,
                              flags: Int32) -> Int32 {
        if let wal, wal.flush() != SQLITE_OK {
            let isUnlock = flags & SQLITE_SHM_UNLOCK != 0
            if !isUnlock { return Self.ioErrorWrite }
            // A transaction that still holds bytes when it releases the write lock did not commit (a commit wrote them
            // at its xSync, or failed): they are not part of the WAL, and must not outlive the lock.
            if offset == Self.walWriteLockSlot && flags & SQLITE_SHM_EXCLUSIVE != 0 { wal.discard() }
        }
        return real.pointee.xShmLock?(file, offset, count, flags) ?? SQLITE_MISUSE
    }

    private static func close(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let block = SQLiteOwnedIOMethods.block(of: file)
        let owner = SQLiteOwnedIOMethods.owner(of: file, as: SQLiteWALDatabaseFile.self)
        owner.wal?.database = nil
        owner.wal = nil
        let closed = block.pointee.real.pointee.xClose?(file) ?? SQLITE_MISUSE
        SQLiteOwnedIOMethods.release(block)
        return closed
    }
}
