import Clocks
import Codecs
import Crypto
import Store

/// The standby's side of the log: applies received records in order through the standby's own writer, each batch
/// of records in one writer command (changesets, the records themselves and the applied seq in one transaction).
///
/// Called from the follower thread (`apply` blocks on the writer). Verifies the sequence and running checksum of
/// every record before applying it; after the commit, `onApplied` receives the records on the writer thread, in
/// order (the App republishes their events there). With a `pruner`, the standby prunes its own log by the same rule
/// as the primary (retention, backup coverage) in the same transaction, so its disk does not grow without bound.
public final class ReplicationApplier: Sendable {
    private let writer: Writer
    private let node: ReplicationNode
    private let clock: any WallClock
    private let onApplied: @Sendable ([ReplicationRecord]) -> Void
    private let pruner: ReplicationPruner?

    public init(writer: Writer, node: ReplicationNode, pruner: ReplicationPruner? = nil,
                clock: any WallClock,
                onApplied: @escaping @Sendable ([ReplicationRecord]) -> Void) {
        self.writer = writer
        self.node = node
        self.pruner = pruner
        self.clock = clock
        self.onApplied = onApplied
    }

    /// Verifies and applies `records` (which must continue this node's log) and returns once they are durable.
    /// - Throws: `ReplicationError.sequenceGap` / `.checksumMismatch` before touching the database,
    ///   `StoreError.changesetConflict` when a changeset does not fit (the whole command rolls back).
    ///   A migration record (`ReplicationMigrationRecord`) whose migration this node lacks throws
    ///   `.migrationMissing`; one that changed rows on the primary throws `.rebootstrapNeeded` after the records
    ///   before it were applied.
    public func apply(_ records: [ReplicationRecord]) throws {
        guard !records.isEmpty else { return }
        let head = node.current
        try Self.verify(records, afterSeq: head.headSeq, afterChecksum: head.headChecksum)
        if let index = records.firstIndex(where: { record in
            ReplicationMigrationRecord.announcement(in: record) != nil && !record.changeset.isEmpty
        }) {
            // The migration changed rows on the primary: this node ran the same file at its own start, on its own
            // rows at another moment, so only a snapshot taken after it is sure to match.
            try applyVerified(Array(records[..<index]))
            let record = records[index]
            let name = ReplicationMigrationRecord.announcement(in: record)?.fileName ?? "?"
            throw ReplicationError.rebootstrapNeeded(seq: record.seq, reason: "migration \(name) changed rows on the primary")
        }
        try applyVerified(records)
    }

    private func applyVerified(_ records: [ReplicationRecord]) throws {
        guard !records.isEmpty else { return }
        let node = node
        let onApplied = onApplied
        let pruner = pruner
        let now = clock.now.rawValue
        try writer.performAndWait { transaction in
            // A promotion may have committed since the records were fetched: a primary never applies another's log.
            guard node.role == .standby else { throw ReplicationError.notStandby(seq: records[0].seq) }
            transaction.attach(ReplicationRecorder.applierMarker)
            for record in records {
                if let migration = ReplicationMigrationRecord.announcement(in: record) {
                    try Self.checkApplied(migration, in: transaction)
                }
                if !record.changeset.isEmpty { try transaction.applyChangeset(record.changeset) }
                try ReplicationLog.append(record, in: transaction)
            }
            guard let last = records.last else { return }
            try ReplicationLog.setApplied(seq: last.seq, checksum: last.checksum, term: last.term, nowMilliseconds: now,
                                          in: transaction)
            try pruner?.pruneIfDue(appliedFrom: records[0].seq, through: last.seq, in: transaction)
            transaction.afterCommit {
                node.advanceHead(to: last)
                onApplied(records)
            }
        }
    }

    /// Checks that this node applied `migration` from the same file (it did at its own start when it runs the
    /// primary's release or the next one).
    static func checkApplied(_ migration: ReplicationMigrationRecord.Announcement, in transaction: Transaction) throws {
        let row = try transaction.queryOne("SELECT checksum FROM schema_migrations WHERE version = ?", [migration.version])
        guard try row?.optionalString("checksum") == migration.checksum else {
            throw ReplicationError.migrationMissing(version: migration.version, fileName: migration.fileName)
        }
    }

    /// Checks that `records` continue a log whose head is (`afterSeq`, `afterChecksum`) without gaps, with the
    /// checksums the chain gives.
    public static func verify(_ records: [ReplicationRecord], afterSeq: Int64, afterChecksum: [UInt8]) throws(ReplicationError) {
        var seq = afterSeq
        var checksum = afterChecksum
        for record in records {
            guard record.seq == seq + 1 else { throw .sequenceGap(expectedSeq: seq + 1, receivedSeq: record.seq) }
            let expected = ReplicationChecksum.next(previous: checksum, seq: record.seq, term: record.term,
                                                    changeset: record.changeset)
            guard expected == record.checksum else {
                throw .checksumMismatch(seq: record.seq, expected: Hex.encode(expected), received: Hex.encode(record.checksum))
            }
            seq = record.seq
            checksum = record.checksum
        }
    }
}
