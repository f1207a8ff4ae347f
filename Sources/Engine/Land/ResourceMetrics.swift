import Telemetry

/// The resource economy's metrics: squares updated (its rate is the spec's "resource update throughput"), runs
/// finished, and the throughput of the last completed run.
///
/// Created once at start-up; counters and gauges are atomic, so the writer thread updates them from `afterCommit`.
public final class ResourceMetrics: Sendable {
    let squaresUpdated: Counter
    let runsCompleted: Counter
    let regionsOpened: Counter
    let lastRunThroughput: Gauge

    /// - Throws: `MetricsError` when the names are already registered.
    public init(registry: MetricsRegistry) throws {
        squaresUpdated = try registry.makeCounter(
            "worldgame_resource_squares_updated_total", help: "Squares whose production a resource run applied.")
        runsCompleted = try registry.makeCounter(
            "worldgame_resource_runs_completed_total", help: "Resource update runs completed.")
        regionsOpened = try registry.makeCounter(
            "worldgame_expansion_regions_opened_total", help: "Regions opened by world expansion.")
        lastRunThroughput = try registry.makeGauge(
            "worldgame_resource_run_squares_per_second",
            help: "Squares updated per second (wall time from start to completion) by the last completed run.")
    }
}
