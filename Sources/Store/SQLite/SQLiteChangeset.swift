import CSQLite

/// Applying and inverting SQLite changesets (the session extension's binary format), treated as opaque bytes.
///
/// Stateless; `apply` runs on whichever thread owns the connection (the writer thread, inside a batch).
/// A conflict is never skipped: the first one aborts the whole changeset (`SQLITE_CHANGESET_ABORT`, so SQLite rolls
/// back everything applied so far) and `apply` throws `.changesetConflict` with the kind, table and operation.
/// Triggers are off during `apply` (`SQLITE_DBCONFIG_ENABLE_TRIGGER`): their effects are already in the changeset.
/// See https://www.sqlite.org/session/sqlite3changeset_apply.html and
/// https://www.sqlite.org/session/sqlite3changeset_invert.html .
public enum SQLiteChangeset {
    /// Applies `changeset` to `database` inside SQLite's own savepoint: all or nothing.
    static func apply(_ changeset: [UInt8], to database: SQLiteDatabase) throws(StoreError) {
        guard !changeset.isEmpty else { return }
        let connection = try database.openHandle()
        // Triggers stay off while applying: the changeset already holds every row the primary's triggers wrote.
        let previousTriggers = worldgame_sqlite3_set_triggers(connection, 0)
        defer { if previousTriggers >= 0 { _ = worldgame_sqlite3_set_triggers(connection, previousTriggers) } }
        let recorder = SQLiteChangesetConflictRecorder()
        let context = Unmanaged.passUnretained(recorder).toOpaque()
        var bytes = changeset
        let code = bytes.withUnsafeMutableBytes { buffer -> Int32 in
            sqlite3changeset_apply(connection, Int32(buffer.count), buffer.baseAddress, nil, { context, kind, iterator in
                guard let context else { return SQLITE_CHANGESET_ABORT }
                let recorder = Unmanaged<SQLiteChangesetConflictRecorder>.fromOpaque(context).takeUnretainedValue()
                recorder.record(kind: kind, iterator: iterator)
                return SQLITE_CHANGESET_ABORT
            }, context)
        }
        if let conflict = recorder.conflict { throw conflict }
        guard code == SQLITE_OK else { throw database.error(code: code, sql: "sqlite3changeset_apply") }
    }

    /// The changeset that undoes `changeset` (inserts become deletes, updates swap old and new values).
    /// Only pass bytes SQLite produced and a checksum vouches for: on some corrupt input SQLite 3.40's session module
    /// spins forever (`[0x54, 0xff, 0x00]` does) instead of reporting `SQLITE_CORRUPT`.
    /// - Throws: `.changesetInvalid` when SQLite reports the bytes are not a changeset.
    public static func invert(_ changeset: [UInt8]) throws(StoreError) -> [UInt8] {
        guard !changeset.isEmpty else { return [] }
        var bytes = changeset
        var size: Int32 = 0
        var output: UnsafeMutableRawPointer?
        let code = bytes.withUnsafeMutableBytes { buffer in
            sqlite3changeset_invert(Int32(buffer.count), buffer.baseAddress, &size, &output)
        }
        defer { sqlite3_free(output) }
        guard code == SQLITE_OK else {
            throw .changesetInvalid(code: code, message: String(cString: sqlite3_errstr(code)))
        }
        guard let output, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: output, count: Int(size)))
    }

    /// The (table, operation) of every change in `changeset`, in order: for tests and diagnostics.
    /// - Throws: `.changesetInvalid` when the bytes are not a changeset.
    public static func operations(in changeset: [UInt8]) throws(StoreError) -> [(table: String, operation: String)] {
        guard !changeset.isEmpty else { return [] }
        var bytes = changeset
        let result = bytes.withUnsafeMutableBytes { buffer -> Result<[(table: String, operation: String)], StoreError> in
            var iterator: OpaquePointer?
            let startCode = sqlite3changeset_start(&iterator, Int32(buffer.count), buffer.baseAddress)
            guard startCode == SQLITE_OK, let iterator else {
                return .failure(.changesetInvalid(code: startCode, message: String(cString: sqlite3_errstr(startCode))))
            }
            var operations: [(table: String, operation: String)] = []
            while sqlite3changeset_next(iterator) == SQLITE_ROW {
                operations.append(describe(iterator))
            }
            let code = sqlite3changeset_finalize(iterator)
            guard code == SQLITE_OK else {
                return .failure(.changesetInvalid(code: code, message: String(cString: sqlite3_errstr(code))))
            }
            return .success(operations)
        }
        return try result.get()
    }

    /// The table and operation name of the change `iterator` points at.
    fileprivate static func describe(_ iterator: OpaquePointer) -> (table: String, operation: String) {
        var table: UnsafePointer<CChar>?
        var columnCount: Int32 = 0
        var operation: Int32 = 0
        var indirect: Int32 = 0
        sqlite3changeset_op(iterator, &table, &columnCount, &operation, &indirect)
        let name = table.map { String(cString: $0) } ?? "?"
        switch operation {
        case SQLITE_INSERT: return (name, "insert")
        case SQLITE_DELETE: return (name, "delete")
        case SQLITE_UPDATE: return (name, "update")
        default: return (name, "op \(operation)")
        }
    }
}

/// Keeps the first conflict `sqlite3changeset_apply` reported, as a `StoreError`.
private final class SQLiteChangesetConflictRecorder {
    private(set) var conflict: StoreError?

    func record(kind: Int32, iterator: OpaquePointer?) {
        guard conflict == nil else { return }
        let (table, operation) = iterator.map(SQLiteChangeset.describe) ?? ("?", "?")
        conflict = .changesetConflict(kind: Self.name(of: kind), table: table, operation: operation)
    }

    /// The documented name of a `SQLITE_CHANGESET_*` conflict kind.
    private static func name(of kind: Int32) -> String {
        switch kind {
        case SQLITE_CHANGESET_DATA: "data"
        case SQLITE_CHANGESET_NOTFOUND: "not_found"
        case SQLITE_CHANGESET_CONFLICT: "conflict"
        case SQLITE_CHANGESET_CONSTRAINT: "constraint"
        case SQLITE_CHANGESET_FOREIGN_KEY: "foreign_key"
        default: "kind \(kind)"
        }
    }
}
