import Store

/// The places a point-in-time replay reads records from, one window of seqs at a time: the log archive's segments and
/// the `replication_log` of other database files (read-only connections kept open for the whole replay).
///
/// Memory stays bounded by the window plus the archive segments that overlap it (a segment is loaded when the window
/// reaches it, checked whole, and dropped once the window has passed it; the archiver caps segments at
/// `ReplicationArchiver.defaultSegmentRecords` records). A source listed as optional (the data dir's own database,
/// often damaged when one restores) that cannot be read is reported through `onSkipped` and left out from then on;
/// any other source's error is thrown. Owned by the thread running the replay; not shared.
final class PointInTimeSources {
    private struct LogDatabase {
        let path: String
        let connection: Connection
        let isOptional: Bool
    }

    private var pendingSegments: ArraySlice<ReplicationArchive.Segment>
    private var loadedSegments: [(segment: ReplicationArchive.Segment, records: [ReplicationRecord])] = []
    private var databases: [LogDatabase] = []
    private let archiveDirectory: String?
    private let onSkipped: (_ path: String, _ reason: String) -> Void

    /// Lists the archive's segments and opens the log databases.
    /// - Throws: `ReplicationArchiveError` (archive folder unreadable, `.noReplicationLog` or
    ///   `.logDatabaseUnreadable` for a required database).
    init(archive: ReplicationArchive?, logDatabases: [String], optionalLogDatabases: [String],
         onSkipped: @escaping (_ path: String, _ reason: String) -> Void) throws {
        archiveDirectory = archive?.directory
        pendingSegments = ArraySlice(try archive?.segments() ?? [])
        self.onSkipped = onSkipped
        do {
            for path in optionalLogDatabases + logDatabases {
                let isOptional = optionalLogDatabases.contains(path) && !logDatabases.contains(path)
                do {
                    databases.append(LogDatabase(path: path, connection: try Self.open(path), isOptional: isOptional))
                } catch where isOptional {
                    onSkipped(path, "\(error)")
                } catch let error as StoreError {
                    throw ReplicationArchiveError.logDatabaseUnreadable(path: path, reason: error.description)
                }
            }
        } catch {
            close()
            throw error
        }
    }

    /// Closes the database connections.
    func close() {
        for database in databases { database.connection.close() }
        databases = []
    }

    /// Every record in (`afterSeq`, `throughSeq`], in order, from all sources.
    /// - Throws: `ReplicationArchiveError.recordMissing` (naming the whole replay `replaying`), `.conflictingRecords`,
    ///   `.segmentCorrupted`, `.logDatabaseUnreadable` (a required database).
    func collect(after afterSeq: Int64, through throughSeq: Int64, replaying: ClosedRange<Int64>) throws -> [ReplicationRecord] {
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
        for (segment, records) in try archivedRecords(after: afterSeq, through: throughSeq) {
            for record in records { try add(record, from: segment) }
        }
        for (path, records) in try databaseRecords(after: afterSeq, through: throughSeq) {
            for record in records { try add(record, from: path) }
        }
        guard afterSeq < throughSeq else { return [] }
        return try (afterSeq + 1...throughSeq).map { seq in
            guard let entry = found[seq] else {
                throw ReplicationArchiveError.recordMissing(
                    missingSeq: seq, fromSeq: replaying.lowerBound, untilSeq: replaying.upperBound,
                    searched: (archiveDirectory.map { [$0] } ?? []) + databases.map(\.path))
            }
            return entry.record
        }
    }

    /// The archived records in the window, per segment: drops segments the window has passed, loads those it reaches.
    private func archivedRecords(after afterSeq: Int64, through throughSeq: Int64) throws
        -> [(segment: String, records: ArraySlice<ReplicationRecord>)] {
        loadedSegments.removeAll { $0.segment.lastSeq <= afterSeq }
        while let next = pendingSegments.first, next.firstSeq <= throughSeq {
            pendingSegments.removeFirst()
            guard next.lastSeq > afterSeq else { continue }
            loadedSegments.append((next, try ReplicationArchive.read(next)))
        }
        return loadedSegments.compactMap { segment, records in
            // A segment holds firstSeq...lastSeq contiguously (checked when read), so the window is a slice.
            let lower = max(afterSeq + 1, segment.firstSeq) - segment.firstSeq
            let upper = min(throughSeq, segment.lastSeq) - segment.firstSeq
            guard lower <= upper else { return nil }
            return (segment.path, records[Int(lower)...Int(upper)])
        }
    }

    /// The window's records from each database; an optional database that fails is reported and dropped.
    private func databaseRecords(after afterSeq: Int64, through throughSeq: Int64) throws
        -> [(path: String, records: [ReplicationRecord])] {
        var result: [(path: String, records: [ReplicationRecord])] = []
        var failed: [String] = []
        for database in databases {
            do {
                result.append((database.path, try Self.records(after: afterSeq, through: throughSeq, in: database.connection)))
            } catch where database.isOptional {
                onSkipped(database.path, "\(error)")
                database.connection.close()
                failed.append(database.path)
            } catch let error as StoreError {
                throw ReplicationArchiveError.logDatabaseUnreadable(path: database.path, reason: error.description)
            }
        }
        databases.removeAll { failed.contains($0.path) }
        return result
    }

    /// A read-only connection to the database at `path`, which must have a replication log.
    private static func open(_ path: String) throws -> Connection {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        do {
            guard try hasLog(connection) else { throw ReplicationArchiveError.noReplicationLog(path: path) }
            return connection
        } catch {
            connection.close()
            throw error
        }
    }

    static func hasLog(_ connection: Connection) throws -> Bool {
        let row = try connection.queryOne(
            "SELECT count(*) AS present FROM sqlite_schema WHERE type = 'table' AND name = 'replication_log'")
        return try row?.int("present") == 1
    }

    /// The records in (`afterSeq`, `throughSeq`] of one database.
    private static func records(after afterSeq: Int64, through throughSeq: Int64, in connection: Connection) throws
        -> [ReplicationRecord] {
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
}
