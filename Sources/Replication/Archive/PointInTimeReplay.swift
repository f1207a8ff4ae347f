import Clocks
import Codecs
import Crypto
import Store

/// Replays log records onto a restored backup up to a chosen sequence number (`worldgame restore --until-seq`).
///
/// Sources are the log archive's segments (`ReplicationArchive`) and the `replication_log` of other database files
/// (the data dir's database before it is moved aside, a later backup). Every record from the backup's own log head
/// + 1 through the target must be found, sources that hold the same seq must agree, and the records must continue
/// the backup's running checksum. The replay goes in windows of `windowRecords` seqs (collect, check, apply, move
/// on: memory stays bounded however far it goes), through `ReplicationApplier` (the standby's applier, which checks
/// the chain again) on a writer of its own over the database file. A failure part-way leaves that file partly
/// replayed: run it on a copy (`BackupRestorer` calls it on the restored copy and discards the copy when it throws).
/// Runs on the calling thread with the database not otherwise in use.
public struct PointInTimeReplay: Sendable {
    /// What a replay did.
    public struct Report: Sendable, Equatable {
        /// The backup's own log head.
        public var fromSeq: Int64
        /// The log head after the replay (the target).
        public var reachedSeq: Int64
        /// The running checksum at `reachedSeq`, hex.
        public var checksum: String
        public var replayedRecords: Int
    }

    /// Records collected, checked and applied per window (one writer command each), by default.
    public static let batchRecords = 256

    public let archive: ReplicationArchive?
    /// Databases whose errors are fatal (`--log-db`).
    public let logDatabases: [String]
    /// Databases read when they can be (the data dir's own one): an error reading one is passed to `onSkippedSource`
    /// (path, reason) and the source is left out.
    public let optionalLogDatabases: [String]
    /// Seqs per window.
    public let windowRecords: Int
    private let onSkippedSource: @Sendable (_ path: String, _ reason: String) -> Void

    public init(archive: ReplicationArchive?, logDatabases: [String], optionalLogDatabases: [String] = [],
                windowRecords: Int = PointInTimeReplay.batchRecords,
                onSkippedSource: @escaping @Sendable (_ path: String, _ reason: String) -> Void = { _, _ in }) {
        self.archive = archive
        self.logDatabases = logDatabases
        self.optionalLogDatabases = optionalLogDatabases
        self.windowRecords = max(1, windowRecords)
        self.onSkippedSource = onSkippedSource
    }

    /// Replays records after the log head of the database at `databasePath` through `untilSeq` onto it; `clock` stamps
    /// each applied batch as the applier does on a standby.
    /// - Throws: `ReplicationArchiveError` (target before the backup, a record missing, conflicting sources, a
    ///   damaged segment, a required log database unreadable or without a log), `ReplicationError.checksumMismatch` when the
    ///   records do not continue the backup's chain, `StoreError` from SQLite. The windows before the failing one
    ///   stay applied to the file.
    public func replay(into databasePath: String, untilSeq: Int64, clock: any WallClock) throws -> Report {
        let start = try Self.position(of: databasePath)
        guard untilSeq >= start.seq else { throw ReplicationArchiveError.targetBeforeBackup(backupSeq: start.seq, untilSeq: untilSeq) }
        let sources = try PointInTimeSources(archive: archive, logDatabases: logDatabases,
                                             optionalLogDatabases: optionalLogDatabases, onSkipped: onSkippedSource)
        defer { sources.close() }
        guard untilSeq > start.seq else {
            return Report(fromSeq: start.seq, reachedSeq: untilSeq, checksum: Hex.encode(start.checksum), replayedRecords: 0)
        }
        let configuration = StoreConfiguration(path: databasePath)
        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        let node = ReplicationNode(role: .standby, term: start.term, headSeq: start.seq, headChecksum: start.checksum,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let applier = ReplicationApplier(writer: writer, node: node, clock: clock, onApplied: { _ in })
        var seq = start.seq
        var checksum = start.checksum
        while seq < untilSeq {
            let through = min(untilSeq, seq + Int64(windowRecords))
            let records = try sources.collect(after: seq, through: through, replaying: start.seq...untilSeq)
            try ReplicationApplier.verify(records, afterSeq: seq, afterChecksum: checksum)
            try applier.apply(records)
            seq = through
            checksum = records.last?.checksum ?? checksum
        }
        writer.shutdown()
        try Self.leaveWAL(configuration)
        return Report(fromSeq: start.seq, reachedSeq: untilSeq, checksum: Hex.encode(checksum),
                      replayedRecords: Int(untilSeq - start.seq))
    }

    /// The log head (seq and checksum) and term of the database at `path`.
    static func position(of path: String) throws -> (seq: Int64, checksum: [UInt8], term: Int64) {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        guard try PointInTimeSources.hasLog(connection) else { throw ReplicationArchiveError.noReplicationLog(path: path) }
        let head = try ReplicationLog.head(in: connection)
        let term = try ReplicationLog.nodeRow(in: connection).term
        return (head?.seq ?? 0, head?.checksum ?? ReplicationChecksum.initial, term)
    }

    /// Leaves WAL mode so the file is one self-contained database again.
    private static func leaveWAL(_ configuration: StoreConfiguration) throws {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode=DELETE")
    }
}
