/// Where a batch of domain events sits in the durable commit log: the replication log seq of the batch that made
/// them, and the term of the primary that wrote it.
///
/// A plain value (any thread). The log seq and term are stored with every log record and are identical on a primary
/// and its standby, so a position names the same committed batch on both nodes and across restarts; a standby that
/// is promoted keeps the numbering, and a record lost in a failover is told apart from its replacement by the term.
public struct RealtimeLogPosition: Sendable, Equatable, Hashable, Comparable {
    /// The replication log seq of the batch (0 before the first record).
    public var logSeq: Int64
    /// The term the record was written in.
    public var term: Int64

    public init(logSeq: Int64, term: Int64) {
        self.logSeq = max(0, logSeq)
        self.term = max(0, term)
    }

    /// The position before any record.
    public static let origin = RealtimeLogPosition(logSeq: 0, term: 0)

    public static func < (lhs: RealtimeLogPosition, rhs: RealtimeLogPosition) -> Bool {
        (lhs.logSeq, lhs.term) < (rhs.logSeq, rhs.term)
    }
}
