import Locking
import Telemetry

/// The queue's Prometheus metrics, created once at start-up.
///
/// - `worldgame_jobs_queue_depth{kind,state}`: jobs per kind in pending, running, failed and dead, recounted
///   periodically by the scheduler thread from its read-only connection (`refreshQueueDepth`);
/// - `worldgame_job_duration_seconds{kind}`: from the start of an attempt to its durable outcome;
/// - `worldgame_jobs_failed_total{kind}`: failed attempts (including the last one of a job that went dead);
/// - `worldgame_jobs_dead_total{kind}`: jobs that went dead.
///
/// The `kind` label takes registered kinds only; anything else is reported as `unregistered`, so the label set stays
/// bounded. Updated from worker threads and the scheduler thread; the metric objects are thread-safe.
public final class JobMetrics: Sendable {
    private let queueDepth: GaugeFamily
    private let duration: HistogramFamily
    private let failed: CounterFamily
    private let dead: CounterFamily
    private let knownKinds: Set<String>
    /// Label sets given a value by an earlier refresh, so a series that drops to zero is set to 0, not left stale.
    private let reportedDepths = Locked<Set<[String]>>([])

    /// Registers the four metrics in `registry`; `kinds` are the registered job kinds.
    public init(registry: MetricsRegistry, kinds: [String]) throws(MetricsError) {
        queueDepth = try registry.makeGaugeFamily(
            "worldgame_jobs_queue_depth", help: "Jobs in the queue by kind and state (pending, running, failed, dead).",
            labelNames: ["kind", "state"])
        duration = try registry.makeHistogramFamily(
            "worldgame_job_duration_seconds", help: "Time from the start of a job attempt to its committed outcome.",
            labelNames: ["kind"], buckets: DefaultBuckets.latencySeconds)
        failed = try registry.makeCounterFamily(
            "worldgame_jobs_failed_total", help: "Failed job attempts, by kind.", labelNames: ["kind"])
        dead = try registry.makeCounterFamily(
            "worldgame_jobs_dead_total", help: "Jobs that went dead (out of attempts, no handler, lease expired), by kind.",
            labelNames: ["kind"])
        knownKinds = Set(kinds)
    }

    /// The `kind` label value for `kind`.
    func label(_ kind: String) -> String { knownKinds.contains(kind) ? kind : "unregistered" }

    /// Records one attempt (a `JobObserver`).
    public func record(_ report: JobReport) {
        let kind = label(report.job.kind)
        switch report.outcome {
        case .done:
            duration.labels(kind).observe(report.duration)
        case .failed:
            duration.labels(kind).observe(report.duration)
            failed.labels(kind).increment()
        case .dead:
            if report.duration > .zero { duration.labels(kind).observe(report.duration) }
            failed.labels(kind).increment()
            dead.labels(kind).increment()
        case .leaseLost, .released, .abandoned:
            break
        }
    }

    /// Sets the queue depth gauges from a fresh count (`JobTable.depthCounts`).
    public func refreshQueueDepth(_ depths: [JobDepth]) {
        var current: [[String]: Double] = [:]
        for depth in depths {
            current[[label(depth.kind), depth.state.rawValue], default: 0] += Double(depth.count)
        }
        let stale = reportedDepths.withLock { reported in
            let stale = reported.subtracting(current.keys)
            reported = Set(current.keys)
            return stale
        }
        for labels in stale { queueDepth.labels(labels).set(0) }
        for (labels, value) in current { queueDepth.labels(labels).set(value) }
    }
}
