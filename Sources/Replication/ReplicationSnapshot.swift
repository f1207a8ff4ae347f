import Foundation
import Store

/// Consistent copies of the database for bootstrapping a standby: `VACUUM INTO` on a separate connection (one read
/// transaction, so the copy and its log head agree), and the standby's installation of a received copy.
///
/// Blocking file and SQLite work: run on a thread of its own (never an event loop, never the writer thread).
/// See https://www.sqlite.org/lang_vacuum.html#vacuuminto .
public enum ReplicationSnapshot {
    /// A snapshot taken on the primary: the file's bytes and the log head it contains.
    public struct Taken: Sendable {
        public var bytes: [UInt8]
        public var headSeq: Int64
    }

    /// Copies the database at `databasePath` into a temporary file beside it and returns its bytes.
    public static func take(databasePath: String) throws -> Taken {
        let temporaryPath = databasePath + ".snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: temporaryPath) }
        // VACUUM INTO refuses read-only handles (it writes the target through the source's pager), so this is a
        // read-write connection that only ever reads: one read transaction, no write lock taken.
        let source = try Connection(configuration: StoreConfiguration(path: databasePath), readOnly: false)
        do {
            try source.run("VACUUM INTO ?", [temporaryPath])
            source.close()
        } catch {
            source.close()
            throw ReplicationError.snapshotFailed(step: "VACUUM INTO", detail: String(describing: error))
        }
        let copy = try Connection(configuration: StoreConfiguration(path: temporaryPath), readOnly: true)
        let head = try ReplicationLog.head(in: copy)?.seq ?? 0
        copy.close()
        guard let data = FileManager.default.contents(atPath: temporaryPath) else {
            throw ReplicationError.snapshotFailed(step: "reading the copy", detail: temporaryPath)
        }
        return Taken(bytes: Array(data), headSeq: head)
    }

    /// Replaces the database at `databasePath` with the snapshot `bytes`: written to a temporary file, checked with
    /// `PRAGMA quick_check`, marked as a standby of `term` applied through the snapshot's log head, then renamed over
    /// the old file (whose `-wal`/`-shm` are removed first). Nothing may have the database open.
    /// - Returns: the applied seq the standby continues from.
    @discardableResult
    public static func install(_ bytes: [UInt8], databasePath: String, term: Int64, nowMilliseconds: Int64) throws -> Int64 {
        let temporaryPath = databasePath + ".bootstrap"
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: temporaryPath + suffix) }
        guard manager.createFile(atPath: temporaryPath, contents: Data(bytes)) else {
            throw ReplicationError.snapshotFailed(step: "writing \(temporaryPath)", detail: "create failed")
        }
        let connection = try Connection(configuration: StoreConfiguration(path: temporaryPath), readOnly: false)
        let appliedSeq: Int64
        do {
            let check = try connection.query("PRAGMA quick_check").compactMap { try? $0.string("quick_check") }
            guard check == ["ok"] else {
                throw ReplicationError.snapshotFailed(step: "quick_check", detail: check.prefix(3).joined(separator: "; "))
            }
            let head = try ReplicationLog.head(in: connection)
            appliedSeq = head?.seq ?? 0
            try ReplicationLog.setRole(.standby, term: term, nowMilliseconds: nowMilliseconds, in: connection)
            try ReplicationLog.setApplied(seq: appliedSeq, checksum: head?.checksum ?? ReplicationChecksum.initial,
                                          term: term, nowMilliseconds: nowMilliseconds, in: connection)
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        } catch {
            connection.close()
            throw error
        }
        for suffix in ["-wal", "-shm", ""] { try? manager.removeItem(atPath: databasePath + suffix) }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: temporaryPath + suffix) }
        do {
            try manager.moveItem(atPath: temporaryPath, toPath: databasePath)
        } catch {
            throw ReplicationError.snapshotFailed(step: "renaming \(temporaryPath)", detail: String(describing: error))
        }
        return appliedSeq
    }
}
