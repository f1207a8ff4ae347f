/// Settings of the realtime gateway: the authentication deadline, the replay window and every per-connection bound.
///
/// A plain value built at start-up and copied into `RealtimeGateway` and `RealtimeHub`; never changed afterwards.
/// Every collection the gateway keeps has its limit here (topics per connection, topics kept, events per topic,
/// commands in flight), as the house style requires of buffers and queues.
public struct RealtimeConfiguration: Sendable {
    /// A connection without a valid token (neither `?token=` nor an `auth` message) after this is closed with 4001.
    public var authenticationDeadline: Duration = .seconds(10)
    /// Events kept per topic for `resume`; a client further behind is told to `resync`.
    public var windowEventCount: Int = 256
    /// Frame bytes kept per topic for `resume` (the newest event is always kept); `maxWindowBytes` bounds all topics
    /// together.
    public var windowBytesPerTopic: Int = 64 << 10
    /// Topics the hub keeps (sequence counter and window); the least recently used topic without subscribers is
    /// evicted beyond this. Topics with subscribers are never evicted (they are bounded by connections x
    /// `maxTopicsPerConnection`).
    public var maxTopics: Int = 2_048
    /// Frame bytes the hub keeps in all windows together; beyond it, the least recently used topics without
    /// subscribers are evicted (as beyond `maxTopics`). Without it the windows could hold `maxTopics` x
    /// `windowBytesPerTopic` (128 MiB), and they kept filling towards that for hours as quiet topics collected events.
    /// 4 MiB is about 20,000 events of 200 bytes: minutes of a busy node's events for a client that reconnects (the
    /// topics it used last are evicted last).
    public var maxWindowBytes: Int = 4 << 20
    /// Newest log records whose events are loaded into the windows at start (`RealtimeHub.restore`), so clients
    /// connected before a restart resume without a `resync`; a client further behind resyncs.
    public var restoredRecordCount: Int = 1_000
    /// Topics one connection may be subscribed to at once; more is refused with `too_many_topics`.
    public var maxTopicsPerConnection: Int = 64
    /// Commands (bids, merges) one connection may have waiting for an answer; more is refused with
    /// `too_many_requests`.
    public var maxCommandsInFlightPerConnection: Int = 8
    /// Most square ids in one `merge` message (set to the REST route's bound, `LandService.maxMergeRequestSquares`);
    /// more is refused with `out_of_range`, as `POST /api/merges` refuses it.
    public var maxMergeSquares: Int = 64
    /// Longest accepted `requestId`.
    public var maxRequestIDBytes: Int = 128
    /// Longest accepted token.
    public var maxTokenBytes: Int = 4_096

    public init() {}
}
