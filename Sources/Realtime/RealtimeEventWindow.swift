import WebSocket

/// The last events of one topic, encoded, kept so a client that reconnects can `resume` from the seq it last saw.
///
/// A value type held inside `RealtimeHub`'s state (guarded by its `Locked`). Holds at most `capacity` events and at
/// most `limitBytes` of frames (the newest event is always kept); their seqs are consecutive and end at the topic's
/// latest seq. Old entries leave from the front of an array that is compacted once half of it is dead.
struct RealtimeEventWindow {
    let capacity: Int
    let limitBytes: Int
    private var messages: [WebSocketOutboundMessage] = []
    /// Index in `messages` of the oldest live entry.
    private var start = 0
    private var liveBytes = 0
    /// Seq of the newest entry (0 when none was ever appended).
    private(set) var lastSeq: Int64 = 0

    init(capacity: Int, limitBytes: Int = .max) {
        self.capacity = max(1, capacity)
        self.limitBytes = max(0, limitBytes)
    }

    /// Number of events held.
    var count: Int { messages.count - start }

    /// Bytes of the frames held.
    var byteCount: Int { liveBytes }

    /// Seq of the oldest event held (`lastSeq + 1` when empty).
    var firstSeq: Int64 { lastSeq - Int64(count) + 1 }

    /// Appends the event with seq `seq`, which must follow `lastSeq` (an internal invariant), dropping the oldest
    /// events beyond the count and byte limits.
    mutating func append(_ message: WebSocketOutboundMessage, seq: Int64) {
        precondition(seq == lastSeq + 1, "topic seqs must be consecutive")
        lastSeq = seq
        messages.append(message)
        liveBytes += message.frameBytes.count
        while count > capacity || (count > 1 && liveBytes > limitBytes) {
            liveBytes -= messages[start].frameBytes.count
            start += 1
        }
        if start >= 32 && start * 2 >= messages.count {
            messages.removeFirst(start)
            start = 0
        }
    }

    /// The events after `seq` in order, or nil when the window cannot bridge from `seq` (the client is further behind
    /// than the window, or ahead of the topic, e.g. after the topic was evicted and started again).
    func events(after seq: Int64) -> [WebSocketOutboundMessage]? {
        guard seq <= lastSeq, seq >= firstSeq - 1 else { return nil }
        let skip = Int(seq - firstSeq + 1)
        return Array(messages[(start + skip)...])
    }
}
