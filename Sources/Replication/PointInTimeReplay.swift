import Crypto
import Store

/// Replays log records onto a restored backup up to a chosen sequence number (`worldgame restore --until-seq`).
///
/// Sources are the log archive's segments (`ReplicationArchive`) and the `replication_log` of other database files
/// (the data dir's database before it is moved aside, a later backup). Every record from the backup's own log head
/// + 1 through the target must be found, sources that hold the same seq must agree, and the records must continue
/// the backup's running checksum; only then are they applied, through `ReplicationApplier` (the standby's applier,
/// which checks the chain again) on a writer of its own over the database file. Runs on the calling thread with the
/// database not otherwise in use (`BackupRestorer` calls it on the restored copy before moving it into place).
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

    /// Records applied per writer command.
    static let batchRecords = 256

    public let archive: ReplicationArchive?
    public let logDatabases: [String]

    public init(archive: ReplicationArchive?, logDatabases: [String]) {
        self.archive = archive
        self.logDatabases = logDatabases
    }

    /// Replays records after the log head of the database at `databasePath` through `untilSeq` onto it.
    /// - Throws: `ReplicationArchiveError` (target before the backup, a record missing, conflicting sources, a
    ///   damaged segment), `ReplicationError.checksumMismatch` when the records do not continue the backup's chain,
    ///   `StoreError` from SQLite. Nothing is applied unless every record was found and the chain checked.
    public func replay(into databasePath: String, untilSeq: Int64, nowMilliseconds: Int64) throws -> Report {
        let start = try Self.position(of: databasePath)
        guard untilSeq >= start.seq else { throw ReplicationArchiveError.targetBeforeBackup(backupSeq: start.seq, untilSeq: untilSeq) }
        let records = try collect(after: start.seq, through: untilSeq)
        try ReplicationApplier.verify(records, afterSeq: start.seq, afterChecksum: start.checksum)
        if !records.isEmpty {
            try Self.apply(records, to: databasePath, term: start.term, afterChecksum: start.checksum,
                           afterSeq: start.seq, nowMilliseconds: nowMilliseconds)
        }
        return Report(fromSeq: start.seq, reachedSeq: untilSeq, checksum: Hex.encode(records.last?.checksum ?? start.checksum),
                      replayedRecords: records.count)
    }

    /// The log head (seq and checksum) and term of the database at `path`.
    static func position(of path: String) throws -> (seq: Int64, checksum: [UInt8], term: Int64) {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        guard try hasLog(connection) else { throw ReplicationArchiveError.noReplicationLog(path: path) }
        let head = try ReplicationLog.head(in: connection)
        let term = try ReplicationLog.nodeRow(in: connection).term
        return (head?.seq ?? 0, head?.checksum ?? ReplicationChecksum.initial, term)
    }

    /// Every record in (`afterSeq`, `throughSeq`], in order, from the archive and the log databases.
    func collect(after afterSeq: Int64, through throughSeq: Int64) throws -> [ReplicationRecord] {
        var found: [Int64: (record: ReplicationRecord, source: String)] = [:]
        func add(_ record: ReplicationRecord, from source: String) throws {
            guard record.seq > afterSeq && record.seq <= throughSeq else { return }
            if let existing = found[record.seq] {
                guard existing.record.checksum == record.checksum && existing.record.changeset == record.changeset else {
                    throw ReplicationArchiveError.conflictingRecords(seq: record.seq, first: existing.source, second: source)
                }
                return
            }
            found[record.seq] = (record, source)
        }
        var searched: [String] = []
        if let archive {
            searched.append(archive.directory)
            for segment in try archive.segments() where segment.lastSeq > afterSeq && segment.firstSeq <= throughSeq {
                for record in try ReplicationArchive.read(segment) { try add(record, from: segment.path) }
            }
        }
        for path in logDatabases {
            searched.append(path)
            for record in try Self.records(after: afterSeq, through: throughSeq, inDatabase: path) { try add(record, from: path) }
        }
        guard afterSeq < throughSeq else { return [] }
        return try (afterSeq + 1...throughSeq).map { seq in
            guard let entry = found[seq] else {
                throw ReplicationArchiveError.recordMissing(missingSeq: seq, fromSeq: afterSeq, untilSeq: throughSeq,
                                                            searched: searched)
            }
            return entry.record
        }
    }

    /// The records in (`afterSeq`, `throughSeq`] of the database file at `path` (read-only).
    static func records(after afterSeq: Int64, through throughSeq: Int64, inDatabase path: String) throws -> [ReplicationRecord] {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        guard try hasLog(connection) else { throw ReplicationArchiveError.noReplicationLog(path: path) }
        let rows = try connection.query("""
            SELECT seq, term, changeset, events, checksum, committed_at_ms FROM replication_log
            WHERE seq > ? AND seq <= ? ORDER BY seq
            """, [afterSeq, throughSeq])
        return try rows.map { row in
            ReplicationRecord(seq: try row.int64("seq"), term: try row.int64("term"), changeset: try row.blob("changeset"),
                              events: try row.blob("events"), checksum: try row.blob("checksum"),
                              committedAtMilliseconds: try row.int64("committed_at_ms"))
        }
    }

    private static func hasLog(_ connection: Connection) throws -> Bool {
        let row = try connection.queryOne(
            "SELECT count(*) AS present FROM sqlite_schema WHERE type = 'table' AND name = 'replication_log'")
        return try row?.int("present") == 1
    }

    /// Applies `records` through the standby applier on a writer of its own, then leaves WAL mode so the file is
    /// one self-contained database again.
    private static func apply(_ records: [ReplicationRecord], to path: String, term: Int64, afterChecksum: [UInt8],
                              afterSeq: Int64, nowMilliseconds: Int64) throws {
        let configuration = StoreConfiguration(path: path)
        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        let node = ReplicationNode(role: .standby, term: term, headSeq: afterSeq, headChecksum: afterChecksum,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let applier = ReplicationApplier(writer: writer, node: node, nowMilliseconds: { nowMilliseconds }, onApplied: { _ in })
        for start in stride(from: 0, to: records.count, by: batchRecords) {
            try applier.apply(Array(records[start..<min(records.count, start + batchRecords)]))
        }
        writer.shutdown()
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode=DELETE")
    }
}
