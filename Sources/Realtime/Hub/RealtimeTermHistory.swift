/// Which term wrote each log seq, as far as this node knows: the first log seq of each term, oldest first.
///
/// A value type inside `RealtimeHub`'s state (guarded by its lock). It lets `resume` check that the record a client's
/// `fromSeq` names is a record of this node's log (same log seq, same term field): a seq from a record lost in a
/// failover names a log seq this node filled in another term, and must `resync`. Bounded (`limit` terms, oldest
/// dropped: a log seq below the oldest kept start is unknown).
struct RealtimeTermHistory: Equatable {
    private(set) var starts: [RealtimeLogPosition]
    let limit: Int

    /// A history that knows only the origin (log seq 0), or the given term starts (ascending by log seq).
    init(starts: [RealtimeLogPosition] = [], limit: Int = 64) {
        self.limit = max(2, limit)
        self.starts = [.origin]
        for start in starts { note(start) }
    }

    /// Records that `position`'s term holds its log seq (and every later one until the next term starts).
    mutating func note(_ position: RealtimeLogPosition) {
        guard let last = starts.last else { starts = [position]; return }
        // A later batch at the same log seq (events without a record) never re-labels the record's term.
        guard position.logSeq > last.logSeq,
              RealtimeSeq.termField(of: position) != RealtimeSeq.termField(of: last) else { return }
        starts.append(position)
        if starts.count > limit { starts.removeFirst(starts.count - limit) }
    }

    /// The term field of the record at `logSeq`, or nil when it is older than the history.
    func termField(at logSeq: Int64) -> Int64? {
        guard let start = starts.last(where: { $0.logSeq <= logSeq }) else { return nil }
        return RealtimeSeq.termField(of: RealtimeLogPosition(logSeq: logSeq, term: start.term))
    }
}
