import Clocks
import Synchronization
import Telemetry

/// The export's metrics: `worldgame_export_documents_total{collection}`, `worldgame_export_failures_total`,
/// `worldgame_export_runs_total`, `worldgame_export_pending_changes` (changes not yet acknowledged, as of the last
/// run), and `worldgame_export_lag_seconds`: how far the exported copy trails the ledger — the age of the start of the
/// last successful run (everything committed before that instant is in Atlas), or the time since the exporter
/// started when no run has succeeded yet.
///
/// Created once at start-up; every member is thread-safe (the run updates it, a scrape reads it).
public final class ExportMetrics: Sendable {
    let documents: CounterFamily
    let failures: Counter
    let runs: Counter
    let pending: Gauge
    private let lastSuccessStart: SuccessInstant

    /// - Parameter clock: the wall clock the lag is measured against (injected in tests).
    /// - Throws: `MetricsError` when a name is already registered.
    public init(registry: MetricsRegistry, clock: any WallClock) throws(MetricsError) {
        documents = try registry.makeCounterFamily(
            "worldgame_export_documents_total", help: "Documents the export server acknowledged, by collection.",
            labelNames: ["collection"])
        failures = try registry.makeCounter("worldgame_export_failures_total", help: "Export runs that stopped on an error.")
        runs = try registry.makeCounter("worldgame_export_runs_total", help: "Export runs that finished without error.")
        pending = try registry.makeGauge(
            "worldgame_export_pending_changes", help: "Changed entities not yet acknowledged by the export server.")
        let started = SuccessInstant(milliseconds: clock.now.rawValue)
        lastSuccessStart = started
        try registry.makeCallbackGauge(
            "worldgame_export_lag_seconds", help: "Age of the newest state known to be exported (start of the last successful run).",
            value: { Double(max(0, clock.now.rawValue - started.milliseconds.load(ordering: .relaxed))) / 1000 })
    }

    func recordSuccess(startedAt: Int64) {
        runs.increment()
        lastSuccessStart.milliseconds.store(startedAt, ordering: .relaxed)
    }
}

/// The start of the last successful run (Unix milliseconds), shared by the run and the lag gauge's callback.
final class SuccessInstant: Sendable {
    let milliseconds: Atomic<Int64>

    init(milliseconds: Int64) {
        self.milliseconds = Atomic(milliseconds)
    }
}
