/// How an event's `seq` on the wire is built from its log position: `logSeq << 18 | (term mod 16) << 14 | index`,
/// where `index` counts the batch's events on that topic (0, 1, ...).
///
/// A namespace of pure functions (any thread). The result stays below 2^53, so JavaScript clients read it exactly
/// (log seqs up to 2^35, about 34 billion batches). Seqs of one topic increase strictly but are not contiguous; they
/// mean the same event on every node and after every restart, which is what lets `resume` answer exactly. The term
/// bits make a seq of a record lost in a failover differ from the seq of the record that replaced it at the same log
/// seq (terms a multiple of 16 apart would collide; a client that far behind is below every window and resyncs).
public enum RealtimeSeq {
    static let indexBits: Int64 = 14
    static let termBits: Int64 = 4
    /// Largest index field; a topic with more events in one batch carries on into the next values (still increasing).
    static let maxIndex: Int64 = (1 << indexBits) - 1

    /// The term field stored for `position` (always 0 at log seq 0, so a node without records counts 1, 2, 3...).
    static func termField(of position: RealtimeLogPosition) -> Int64 {
        position.logSeq == 0 ? 0 : position.term & ((1 << termBits) - 1)
    }

    /// The seq of the `index`th event of `position`'s batch on one topic.
    public static func encode(_ position: RealtimeLogPosition, index: Int64 = 0) -> Int64 {
        (position.logSeq << (indexBits + termBits)) | (termField(of: position) << indexBits) | min(max(0, index), maxIndex)
    }

    /// The log seq, term field and index a seq was built from.
    public static func decode(_ seq: Int64) -> (logSeq: Int64, termField: Int64, index: Int64) {
        let value = max(0, seq)
        return (value >> (indexBits + termBits), (value >> indexBits) & ((1 << termBits) - 1), value & maxIndex)
    }

    /// The largest seq of any event of a batch before `logSeq`: "everything from `logSeq` on" as a window floor.
    static func floor(before logSeq: Int64) -> Int64 {
        logSeq <= 1 ? 0 : encode(RealtimeLogPosition(logSeq: logSeq, term: 0)) - 1
    }
}
