import Clocks
import Locking
import Store

/// The primary's side of the log: a writer hook that turns each batch's changeset into a log record in the same
/// transaction, and hands the record to the feed once the batch committed.
///
/// Runs on the writer thread only (a `WriterObserver` given to the `Writer`, with change capture on). On a node that is not primary it writes nothing, and refuses batches that changed data without coming from
/// the `ReplicationApplier` (writes must never diverge a standby from its primary).
public final class ReplicationRecorder: WriterObserver {
    /// The attachment the applier leaves on its batches so the recorder knows they are replicated changes.
    static let applierMarker: [UInt8] = Array("replication-applier".utf8)

    private let node: ReplicationNode
    private let feed: ReplicationFeed
    private let pruner: ReplicationPruner
    private let clock: any WallClock
    /// What the last recorded batch left verified (nil: check the database in full next time); see `dataVersion(in:)`.
    private let verified = Locked<VerifiedView?>(nil)

    /// A primary's view that a full staleness check found current, advanced by this writer's own records since:
    /// `PRAGMA data_version` then, and the node's term and log head after the last record this recorder committed.
    struct VerifiedView: Equatable {
        var dataVersion: Int64
        var term: Int64
        var headSeq: Int64
    }

    public init(node: ReplicationNode, feed: ReplicationFeed, pruner: ReplicationPruner,
                clock: any WallClock) {
        self.node = node
        self.feed = feed
        self.pruner = pruner
        self.clock = clock
    }

    /// Change capture of all tables but the log's own.
    public var changeCapture: WriterChangeCapture? { WriterChangeCapture(excludedTables: ReplicationLog.tables) }

    /// Records the batch (see `record(_:in:)`).
    public func willCommit(_ batch: WriterBatch, in transaction: Transaction) throws {
        try record(batch, in: transaction)
    }

    /// Appends the batch's record (primary), or checks that a standby batch came from the applier.
    ///
    /// Before appending, a primary compares its view with the database (inside the batch's write transaction, so no
    /// one can change it meanwhile): a log head past its own, or a stored term above its own, means another process
    /// wrote this database. The batch is refused with `StoreError.writerStale`, and so is every later one (the node's
    /// `staleWriterReason` turns `/ready` red): the records cannot be merged into this node's feed and term.
    func record(_ batch: WriterBatch, in transaction: Transaction) throws {
        let state = node.current
        guard state.role == .primary else {
            verified.withLock { $0 = nil }
            if !batch.changeset.isEmpty && !batch.attachments.contains(Self.applierMarker) {
                throw ReplicationError.notPrimary(primaryURL: state.primaryURL)
            }
            return
        }
        guard !batch.changeset.isEmpty else { return }
        // A switchover froze the head: a write admitted just before the pause (a registration still hashing its
        // password) is refused rather than appended past the seq the standby is catching up to.
        if state.isSwitchingOver { throw StoreError.switchingOver }
        if let reason = state.staleWriterReason {
            throw StoreError.writerStale(reason: reason)
        }
        let dataVersion = try Self.dataVersion(in: transaction)
        let expected = VerifiedView(dataVersion: dataVersion, term: state.term, headSeq: state.headSeq)
        if verified.withLock({ $0 }) != expected, let reason = try Self.staleness(of: state, in: transaction) {
            verified.withLock { $0 = nil }
            node.update { $0.staleWriterReason = $0.staleWriterReason ?? reason }
            throw StoreError.writerStale(reason: reason)
        }
        let seq = state.headSeq + 1
        let record = ReplicationRecord(
            seq: seq, term: state.term, changeset: batch.changeset, events: ReplicationEvents.encode(batch.attachments),
            checksum: ReplicationChecksum.next(previous: state.headChecksum, seq: seq, term: state.term,
                                               changeset: batch.changeset),
            committedAtMilliseconds: clock.now.rawValue)
        try ReplicationLog.append(record, in: transaction)
        try pruner.pruneIfDue(headSeq: seq, in: transaction)
        let node = node
        let feed = feed
        let verified = verified
        transaction.afterCommit {
            node.advanceHead(to: record)
            feed.append(record)
            verified.withLock { $0 = VerifiedView(dataVersion: dataVersion, term: record.term, headSeq: record.seq) }
        }
    }

    /// The connection's `PRAGMA data_version`, read inside the batch's write transaction: it changes when another
    /// connection (in this process or another) committed since this one last read it, and only then; this
    /// connection's own commits leave it as it was. See https://www.sqlite.org/pragma.html#pragma_data_version .
    ///
    /// So when it, the node's term and its log head are what the last committed record left (`verified`), no one but
    /// this writer changed the database since a full staleness check found it current, and this writer's own records
    /// moved the log head exactly as far as `headSeq`: the check (a `SELECT` of the log's head and the stored term,
    /// about 7.5k instructions per batch) would find it current again, and is skipped (the pragma costs about 3.5k).
    static func dataVersion(in transaction: Transaction) throws -> Int64 {
        guard let row = try transaction.queryOne("PRAGMA data_version") else {
            throw ReplicationError.nodeStateInvalid(detail: "PRAGMA data_version returned no row")
        }
        return try row.int64("data_version")
    }

    /// Why `state` (a primary's view) is stale against the database, or nil when it is current.
    /// Runs before every recorded batch, so it reads the log's head and the stored term in one statement.
    static func staleness(of state: ReplicationNode.State, in transaction: Transaction) throws -> String? {
        guard let row = try transaction.queryOne(stalenessSQL) else {
            throw ReplicationError.nodeStateInvalid(detail: "no replication_node row (migration 0007 not applied?)")
        }
        let storedHead = try row.optionalInt64("seq") ?? 0
        if storedHead > state.headSeq {
            return "the replication log's head is seq \(storedHead) but this node wrote up to seq \(state.headSeq): "
                + "another process appended to it"
        }
        let storedTerm = try row.int64("term")
        if storedTerm > state.term {
            return "the database stores term \(storedTerm) but this node is primary in term \(state.term): "
                + "another process changed it"
        }
        return nil
    }

    /// The log's head (NULL when empty: a seek to the last row of its rowid table) and the stored term.
    static let stalenessSQL =
        "SELECT (SELECT max(seq) FROM replication_log) AS seq, term FROM replication_node WHERE id = 1"
}
