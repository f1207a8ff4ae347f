import Locking


/// This node's live replication position: role, term, log head, what a standby applied and what it knows of the
/// primary, and the standbys a primary has heard from.
///
/// Shared by the writer thread (recorder, applier), the follower thread, HTTP handlers on the event loops and metric
/// callbacks; a Mutex guards the small state and is never held across anything that blocks.
public final class ReplicationNode: Sendable {
    /// A copy of the state at one instant.
    public struct State: Sendable, Equatable {
        public var role: ReplicationRole
        public var term: Int64
        /// The newest record in this node's log (written on a primary, applied on a standby).
        public var headSeq: Int64
        public var headChecksum: [UInt8]
        /// When the head record was committed on the primary (Unix ms; 0 when unknown).
        public var headCommittedAtMilliseconds: Int64
        /// On a standby: the primary's URL and head as of its last answer.
        public var primaryURL: String?
        public var primaryHeadSeq: Int64
        public var primaryHeadCommittedAtMilliseconds: Int64
        /// A former primary that learned of a higher term: role standby for every write check, but it follows no
        /// one and serves nothing until `worldgame rejoin`; `primaryURL` names the new primary.
        public var isFenced = false
        /// Set when the recorder found the database moved on without this node (another process appended to the log
        /// or changed the term): the node takes no writes and `/ready` answers 503 `writer_stale` until a restart.
        public var staleWriterReason: String?
        /// A primary handing its role to its standby (`ReplicationSwitchover`): the write guard answers 503
        /// `switching_over` and the log recorder refuses every batch that changes game data, so the log head stays
        /// where the standby must catch up to.
        public var isSwitchingOver = false

        /// Records the standby still has to apply (0 on a primary).
        public var lagRecords: Int64 { role == .standby ? max(0, primaryHeadSeq - headSeq) : 0 }

        /// How long the oldest unapplied record has waited, at `nowMilliseconds` (0 when caught up).
        public func lagMilliseconds(nowMilliseconds: Int64) -> Int64 {
            guard lagRecords > 0 else { return 0 }
            return max(0, nowMilliseconds - primaryHeadCommittedAtMilliseconds)
        }
    }

    private let state: Locked<State>

    public init(role: ReplicationRole, term: Int64, headSeq: Int64, headChecksum: [UInt8],
                headCommittedAtMilliseconds: Int64, primaryURL: String?) {
        state = Locked(State(role: role, term: term, headSeq: headSeq, headChecksum: headChecksum,
                            headCommittedAtMilliseconds: headCommittedAtMilliseconds, primaryURL: primaryURL,
                            primaryHeadSeq: headSeq, primaryHeadCommittedAtMilliseconds: headCommittedAtMilliseconds))
    }

    /// The current state.
    public var current: State { state.withLock { $0 } }

    public var role: ReplicationRole { state.withLock { $0.role } }

    public var isPrimary: Bool { role == .primary }

    /// Changes the state under the lock; `body` must be quick and must not block.
    public func update<T>(_ body: (inout State) -> T) -> T {
        state.withLock { body(&$0) }
    }

    /// Records that the log head moved to `record` (after its batch committed).
    func advanceHead(to record: ReplicationRecord) {
        state.withLock { state in
            state.headSeq = record.seq
            state.headChecksum = record.checksum
            state.headCommittedAtMilliseconds = record.committedAtMilliseconds
            if state.role == .primary {
                state.primaryHeadSeq = record.seq
                state.primaryHeadCommittedAtMilliseconds = record.committedAtMilliseconds
            } else if state.primaryHeadSeq < record.seq {
                state.primaryHeadSeq = record.seq
            }
            state.term = max(state.term, record.term)
        }
    }
}
