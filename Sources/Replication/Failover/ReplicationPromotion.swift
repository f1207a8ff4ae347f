import Clocks
import Store

/// How a running standby becomes primary: the next term and the primary role are stored in one writer command, and
/// the in-memory role switches only once that commit is durable.
///
/// Why a type: the term rule (one above both the stored and the live term) is what fences the old primary, so it sits
/// with the rest of the replication policy. Runs on the promoting thread and waits for the writer.
public enum ReplicationPromotion {
    /// Stores the primary role in the next term and switches `node` after the commit; returns the new term.
    /// - Parameter clock: the node's wall clock, stamped on the node row.
    /// - Throws: the writer's or the database's error (nothing changed then).
    public static func promote(_ node: ReplicationNode, writer: Writer,
                               clock: any WallClock) throws -> Int64 {
        try writer.performAndWait { transaction -> Int64 in
            let row = try ReplicationLog.nodeRow(in: transaction)
            let newTerm = max(row.term, node.current.term) + 1
            try ReplicationLog.setRole(.primary, term: newTerm, nowMilliseconds: clock.now.rawValue, in: transaction)
            transaction.afterCommit {
                node.update { state in
                    state.role = .primary
                    state.term = newTerm
                    state.primaryHeadSeq = state.headSeq
                }
            }
            return newTerm
        }
    }
}
