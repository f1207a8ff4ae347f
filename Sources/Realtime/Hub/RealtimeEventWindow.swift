import WebSocket

/// The last events of one topic, encoded, kept so a client that reconnects can `resume` from the seq it last saw.
///
/// A value type held inside `RealtimeHub`'s state (guarded by its `Locked`). Holds at most `capacity` events and at
/// most `limitBytes` of frames (the newest event is always kept), in increasing seq order (seqs are log positions,
/// `RealtimeSeq`, so they are not contiguous). `floor` is what makes a replay exact: every event of the topic with a
/// seq above it is held; it rises as old events leave and when the hub loses track (eviction, a skipped stretch of
/// the log). Old entries leave from the front of an array that is compacted once half of it is dead.
struct RealtimeEventWindow {
    /// One held event.
    private struct Entry {
        let seq: Int64
        let message: WebSocketOutboundMessage
    }

    let capacity: Int
    let limitBytes: Int
    private var entries: [Entry] = []
    /// Index in `entries` of the oldest live entry.
    private var start = 0
    private var liveBytes = 0
    /// Every event of the topic with a seq above this is held.
    private(set) var floor: Int64
    /// The highest seq appended or handed to a client (`raise`); the next event's seq must exceed it.
    private(set) var lastSeq: Int64

    init(capacity: Int, limitBytes: Int = .max, floor: Int64 = 0) {
        self.capacity = max(1, capacity)
        self.limitBytes = max(0, limitBytes)
        self.floor = max(0, floor)
        lastSeq = self.floor
    }

    /// Number of events held.
    var count: Int { entries.count - start }

    /// Bytes of the frames held.
    var byteCount: Int { liveBytes }

    /// Seq of the oldest event held, nil when none is.
    var firstSeq: Int64? { count > 0 ? entries[start].seq : nil }

    /// Seqs of the events held, oldest first (tests and diagnostics).
    var seqs: [Int64] { entries[start...].map(\.seq) }

    /// Appends the event with seq `seq`, which must exceed `lastSeq` (an internal invariant of the hub), dropping the
    /// oldest events beyond the count and byte limits (the floor rises to the last one dropped).
    mutating func append(_ message: WebSocketOutboundMessage, seq: Int64) {
        precondition(seq > lastSeq, "topic seqs must increase")
        lastSeq = seq
        entries.append(Entry(seq: seq, message: message))
        liveBytes += message.frameBytes.count
        while count > capacity || (count > 1 && liveBytes > limitBytes) {
            liveBytes -= entries[start].message.frameBytes.count
            floor = entries[start].seq
            start += 1
        }
        if start >= 32 && start * 2 >= entries.count {
            entries.removeFirst(start)
            start = 0
        }
    }

    /// Notes that `seq` was handed to a client as a position of this topic: later events get higher seqs.
    mutating func raise(to seq: Int64) {
        lastSeq = max(lastSeq, seq)
    }

    /// Drops every event and raises the floor to `newFloor`: events up to it are no longer known (a skipped stretch
    /// of the log).
    mutating func reset(floor newFloor: Int64) {
        entries = []
        start = 0
        liveBytes = 0
        floor = max(floor, newFloor)
        lastSeq = max(lastSeq, floor)
    }

    /// The events after `seq` in order, or nil when the window cannot vouch for everything after `seq` (`seq` is
    /// below the floor). Whether `seq` names a record of this node's log is the hub's check, not the window's.
    func events(after seq: Int64) -> [WebSocketOutboundMessage]? {
        guard seq >= floor else { return nil }
        var low = start
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].seq <= seq { low = middle + 1 } else { high = middle }
        }
        return entries[low...].map(\.message)
    }
}
