/// Finds where an old primary's log forked from the new primary's: the highest sequence number at which both logs hold
/// the same running checksum.
///
/// Stateless. The running checksum chains every record into the next (`docs/replication.md`), so equal checksums at
/// seq n mean equal histories through n, and the matching seqs form a prefix: a binary search needs O(log n) lookups
/// of the peer's checksum. Used by `worldgame rejoin` (designed in `docs/failover.md`); runs on the calling thread.
public enum RejoinForkPoint {
    /// What the search found.
    public enum Outcome: Sendable, Equatable {
        /// Both logs agree through `seq`; this node's records after it are its unreplicated tail.
        case forkedAfter(seq: Int64)
        /// Not even the lowest comparable record matches (or nothing is comparable): the tail cannot be found from the
        /// logs, so the node must be re-bootstrapped from a snapshot.
        case noCommonRecord
    }

    /// Binary search over `lowestComparable...highestComparable` (the seqs both logs still hold).
    /// - Parameter matches: whether both logs hold the same checksum at a seq (may fetch from the peer; may throw).
    public static func find(lowestComparable: Int64, highestComparable: Int64,
                     matches: (Int64) throws -> Bool) rethrows -> Outcome {
        guard lowestComparable <= highestComparable, try matches(lowestComparable) else { return .noCommonRecord }
        var low = lowestComparable   // known to match
        var high = highestComparable
        while low < high {
            let middle = low + (high - low + 1) / 2
            if try matches(middle) { low = middle } else { high = middle - 1 }
        }
        return .forkedAfter(seq: low)
    }
}
