import Game

/// What a node's durable log says about recent events, loaded once at start so `resume` answers a client that was
/// connected before the restart exactly (`RealtimeHub.restore(_:)`).
///
/// A plain value built by the App from the replication log before the gateway listens (any thread).
public struct RealtimeLogHistory: Sendable {
    /// One log record's events, in the order its batch published them.
    public struct Batch: Sendable {
        public var position: RealtimeLogPosition
        public var events: [DomainEvent]

        public init(position: RealtimeLogPosition, events: [DomainEvent]) {
            self.position = position
            self.events = events
        }
    }

    /// The newest record of the log (`.origin` for an empty log).
    public var head: RealtimeLogPosition
    /// The oldest log seq from which every record's events are in `batches` (1: the whole log since the first record).
    public var firstLogSeq: Int64
    /// The first record of each term still in the log, oldest first.
    public var termStarts: [RealtimeLogPosition]
    /// The records with events from `firstLogSeq` to `head`, oldest first.
    public var batches: [Batch]

    public init(head: RealtimeLogPosition, firstLogSeq: Int64, termStarts: [RealtimeLogPosition], batches: [Batch]) {
        self.head = head
        self.firstLogSeq = firstLogSeq
        self.termStarts = termStarts
        self.batches = batches
    }
}
