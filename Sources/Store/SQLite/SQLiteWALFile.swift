import CSQLite

/// One WAL file handle opened through `SQLiteWALAppendVFS`: its xWrite buffers contiguous appends, and every other
/// entry that could observe or move those bytes first hands them to the `unix` VFS's xWrite, as one `pwrite`.
///
/// Owned by the thread that owns the connection (the writer thread); SQLite calls a file's methods only from there.
/// Entries that write the buffer first ("flush"): xSync, an xRead that overlaps it, an xWrite that does not extend it
/// (or would pass `SQLiteWALAppendBuffer.limitBytes`), xTruncate, xFileSize, xFileControl and xClose; and, through
/// `SQLiteWALDatabaseFile`, every wal-index lock change of the connection. The other entries are `unix`'s own.
final class SQLiteWALFile {
    /// The handle SQLite allocated for this WAL file (valid until xClose).
    let file: UnsafeMutablePointer<sqlite3_file>
    private let real: UnsafePointer<sqlite3_io_methods>
    private let buffer = SQLiteWALAppendBuffer()
    /// The main database file of the same connection, whose lock changes flush this buffer.
    weak var database: SQLiteWALDatabaseFile?

    private init(file: UnsafeMutablePointer<sqlite3_file>, real: UnsafePointer<sqlite3_io_methods>) {
        self.file = file
        self.real = real
    }

    /// Takes over `file`, just opened by the `unix` VFS, replacing the entries above.
    static func install(on file: UnsafeMutablePointer<sqlite3_file>) -> SQLiteWALFile? {
        guard let real = file.pointee.pMethods else { return nil }
        let owner = SQLiteWALFile(file: file, real: real)
        SQLiteOwnedIOMethods.install(on: file, real: real, owner: owner) { methods in
            methods.xClose = { file in file.map { SQLiteWALFile.close($0) } ?? SQLITE_MISUSE }
            methods.xRead = { file, bytes, amount, offset in
                guard let file else { return SQLITE_MISUSE }
                return SQLiteWALFile.of(file).read(into: bytes, amountBytes: amount, at: offset)
            }
            methods.xWrite = { file, bytes, amount, offset in
                guard let file, let bytes else { return SQLITE_MISUSE }
                return SQLiteWALFile.of(file).write(bytes, amountBytes: amount, at: offset)
            }
            methods.xTruncate = { file, size in
                guard let file else { return SQLITE_MISUSE }
                let owner = SQLiteWALFile.of(file)
                return owner.flushing { owner.real.pointee.xTruncate?(file, size) ?? SQLITE_MISUSE }
            }
            methods.xSync = { file, flags in
                guard let file else { return SQLITE_MISUSE }
                let owner = SQLiteWALFile.of(file)
                return owner.flushing { owner.real.pointee.xSync?(file, flags) ?? SQLITE_MISUSE }
            }
            methods.xFileSize = { file, size in
                guard let file else { return SQLITE_MISUSE }
                let owner = SQLiteWALFile.of(file)
                return owner.flushing { owner.real.pointee.xFileSize?(file, size) ?? SQLITE_MISUSE }
            }
            methods.xFileControl = { file, operation, argument in
                guard let file else { return SQLITE_MISUSE }
                let owner = SQLiteWALFile.of(file)
                return owner.flushing { owner.real.pointee.xFileControl?(file, operation, argument) ?? SQLITE_MISUSE }
            }
        }
        return owner
    }

    private static func of(_ file: UnsafeMutablePointer<sqlite3_file>) -> SQLiteWALFile {
        SQLiteOwnedIOMethods.owner(of: file, as: SQLiteWALFile.self)
    }

    /// Writes the buffered run with the `unix` xWrite (one `pwrite`, which `unix` repeats only for a short write).
    /// On failure the run stays buffered, so the next flush (at the latest the commit's xSync) tries again and the
    /// commit cannot succeed without it.
    func flush() -> Int32 {
        guard !buffer.isEmpty else { return SQLITE_OK }
        let start = buffer.startOffset
        let code = buffer.withBytes { bytes, count in
            real.pointee.xWrite?(file, bytes, Int32(count), start) ?? SQLITE_MISUSE
        }
        if code == SQLITE_OK { buffer.removeAll() }
        return code
    }

    /// Forgets the buffered run without writing it.
    func discard() { buffer.removeAll() }

    private func flushing(_ body: () -> Int32) -> Int32 {
        let code = flush()
        guard code == SQLITE_OK else { return code }
        return body()
    }

    private func write(_ bytes: UnsafeRawPointer, amountBytes: Int32, at offset: Int64) -> Int32 {
        let amount = Int(amountBytes)
        if !buffer.isEmpty && !buffer.canAppend(amountBytes: amount, at: offset) {
            let code = flush()
            guard code == SQLITE_OK else { return code }
        }
        guard buffer.canAppend(amountBytes: amount, at: offset) else {
            return real.pointee.xWrite?(file, bytes, amountBytes, offset) ?? SQLITE_MISUSE
        }
        buffer.append(bytes, amountBytes: amount, at: offset)
        return SQLITE_OK
    }

    private func read(into bytes: UnsafeMutableRawPointer?, amountBytes: Int32, at offset: Int64) -> Int32 {
        if buffer.overlaps(amountBytes: Int(amountBytes), at: offset) {
            let code = flush()
            guard code == SQLITE_OK else { return code }
        }
        return real.pointee.xRead?(file, bytes, amountBytes, offset) ?? SQLITE_MISUSE
    }

    private static func close(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let block = SQLiteOwnedIOMethods.block(of: file)
        let owner = SQLiteWALFile.of(file)
        let flushed = owner.flush()
        owner.database?.wal = nil
        let closed = block.pointee.real.pointee.xClose?(file) ?? SQLITE_MISUSE
        SQLiteOwnedIOMethods.release(block)
        return flushed == SQLITE_OK ? closed : flushed
    }
}
