import Clocks
import Telemetry

/// The `worldgame_replication_*` gauges, read from the `ReplicationNode` when scraped.
public enum ReplicationMetrics {
    /// Registers role, term, last and applied seq, and lag in records and milliseconds (against `clock`).
    public static func register(in registry: MetricsRegistry, node: ReplicationNode, clock: any WallClock) throws {
        try registry.makeCallbackGauge("worldgame_replication_is_primary", help: "1 on the primary, 0 on a standby.") {
            node.isPrimary ? 1 : 0
        }
        try registry.makeCallbackGauge("worldgame_replication_term", help: "The replication term this node is in.") {
            Double(node.current.term)
        }
        try registry.makeCallbackGauge("worldgame_replication_last_seq", help: "The primary's newest log record, as known here.") {
            let state = node.current
            return Double(max(state.primaryHeadSeq, state.headSeq))
        }
        try registry.makeCallbackGauge("worldgame_replication_applied_seq", help: "The newest record in this node's log.") {
            Double(node.current.headSeq)
        }
        try registry.makeCallbackGauge("worldgame_replication_lag_records", help: "Records the standby has yet to apply.") {
            Double(node.current.lagRecords)
        }
        try registry.makeCallbackGauge("worldgame_replication_lag_seconds",
                                       help: "Age of the oldest unapplied record, seconds.") {
            Double(node.current.lagMilliseconds(nowMilliseconds: clock.now.rawValue)) / 1000
        }
        try registry.makeCallbackGauge("worldgame_replication_fenced",
                                       help: "1 while a newer primary's fence makes this node refuse writes, else 0.") {
            node.current.isFenced ? 1 : 0
        }
    }

    /// Registers the primary's view of its standbys: seconds since any standby last asked for records (standbys
    /// long-poll, so a connected one asks at least every 30 s), or -1 when none has since this process started; and
    /// the bytes of the feed's in-memory tail.
    public static func register(in registry: MetricsRegistry, feed: ReplicationFeed) throws {
        try registry.makeCallbackGauge("worldgame_replication_feed_tail_bytes",
                                       help: "Changeset and event bytes of the newest log records kept in memory for standbys.") {
            Double(feed.tailBytes)
        }
        try registry.makeCallbackGauge("worldgame_replication_standby_contact_age_seconds",
                                       help: "Seconds since a standby last asked this node for records; -1: none since start.") {
            guard let contact = feed.lastStandbyContact else { return -1 }
            let age = ContinuousClock.now - contact
            return Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
        }
    }
}
