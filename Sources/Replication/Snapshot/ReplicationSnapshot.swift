import Foundation
import Store

/// The standby's installation of a downloaded snapshot file (`ReplicationSnapshotDownload`): first marked as this
/// standby's database (`prepare`), then either renamed over the database file before the node opens it (start-up,
/// `installFile`) or copied into the running database through the writer while the node keeps serving reads
/// (`installOnline`).
///
/// Blocking file and SQLite work: run on the main thread at start-up or the follower thread, never an event loop.
public enum ReplicationSnapshot {
    /// Where a snapshot file puts a standby: the log head it holds and the primary's term.
    public struct Position: Sendable, Equatable {
        public var seq: Int64
        public var checksum: [UInt8]
        public var committedAtMilliseconds: Int64
        public var term: Int64
    }

    /// Marks the checked snapshot file at `path` as a standby of `term` that applied everything through the file's log
    /// head, and checkpoints it into one self-contained file. Returns that position.
    public static func prepare(_ path: String, term: Int64, nowMilliseconds: Int64) throws -> Position {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        defer { connection.close() }
        let head = try ReplicationLog.head(in: connection)
        let position = Position(seq: head?.seq ?? 0, checksum: head?.checksum ?? ReplicationChecksum.initial,
                                committedAtMilliseconds: head?.committedAt ?? 0, term: term)
        try ReplicationLog.setRole(.standby, term: term, nowMilliseconds: nowMilliseconds, in: connection)
        try ReplicationLog.setApplied(seq: position.seq, checksum: position.checksum, term: term,
                                      nowMilliseconds: nowMilliseconds, in: connection)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return position
    }

    /// Renames the prepared snapshot at `snapshotPath` over the database at `databasePath` (whose `-wal`/`-shm` are
    /// removed first). Nothing may have the database open.
    public static func installFile(_ snapshotPath: String, databasePath: String) throws {
        let manager = FileManager.default
        for suffix in ["-wal", "-shm", ""] { try? manager.removeItem(atPath: databasePath + suffix) }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: snapshotPath + suffix) }
        do {
            try manager.moveItem(atPath: snapshotPath, toPath: databasePath)
        } catch {
            throw ReplicationError.snapshotFailed(step: "renaming \(snapshotPath)", detail: String(describing: error))
        }
    }

    /// Replaces the running standby's database contents with the prepared snapshot at `snapshotPath` in one write
    /// transaction on `writer` (an exclusive command: the applier and every other write wait meanwhile; the event
    /// loops keep reading the old contents until it commits, then read the new ones), then moves `node` to the
    /// snapshot's position. Refuses a snapshot of another schema version (the primary runs another release), and
    /// refuses to run once the node is no longer a standby (`ReplicationError.notStandby`).
    public static func installOnline(_ snapshotPath: String, position: Position, writer: Writer,
                                     node: ReplicationNode) throws {
        try writer.performExclusiveAndWait { connection in
            // A promotion may have committed while the snapshot downloaded: never overwrite a primary's database.
            guard node.role == .standby else { throw ReplicationError.notStandby(seq: position.seq) }
            let local = try BackupMaker.schemaVersion(of: connection)
            let snapshot = try Connection(configuration: StoreConfiguration(path: snapshotPath), readOnly: true)
            let remote = try BackupMaker.schemaVersion(of: snapshot)
            snapshot.close()
            guard local == remote else {
                throw ReplicationError.snapshotSchemaMismatch(snapshotVersion: remote, localVersion: local)
            }
            try DatabaseReplacement.replace(contentsOf: connection, withDatabaseAt: snapshotPath) {
                writer.reportProgress()   // the watchdog's sign that this long command is alive
            }
            // The copy grew the WAL to the database's size: checkpoint it and truncate the file (best effort: a
            // reader still on the old snapshot makes it wait the busy timeout, then give up; later checkpoints reuse
            // the file from its start).
            _ = try? connection.query("PRAGMA wal_checkpoint(TRUNCATE)", [])
        }
        node.update { state in
            state.headSeq = position.seq
            state.headChecksum = position.checksum
            state.headCommittedAtMilliseconds = position.committedAtMilliseconds
            state.term = max(state.term, position.term)
            state.primaryHeadSeq = max(state.primaryHeadSeq, position.seq)
        }
    }
}
