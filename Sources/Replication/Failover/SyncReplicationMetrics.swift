import Telemetry

/// The metrics of `SyncReplicationGate`, created once at start-up when `--replication-mode sync`.
public struct SyncReplicationMetrics: Sendable {
    /// Acknowledgement waits that hit `--sync-timeout`.
    let timeouts: Counter
    /// 1 while sync mode has degraded to async (`--sync-fallback async`), else 0.
    let degraded: Gauge
    /// Time a committed batch waited for the standby's acknowledgement.
    let waitDuration: Histogram

    public init(registry: MetricsRegistry) throws {
        timeouts = try registry.makeCounter(
            "worldgame_replication_sync_timeouts_total", help: "Sync-mode waits for the standby's acknowledgement that timed out.")
        degraded = try registry.makeGauge(
            "worldgame_replication_sync_degraded", help: "1 while sync replication has degraded to async, else 0.")
        waitDuration = try registry.makeHistogram(
            "worldgame_replication_sync_wait_seconds", help: "Time a committed batch waited for the standby's acknowledgement.",
            buckets: DefaultBuckets.latencySeconds)
    }
}
