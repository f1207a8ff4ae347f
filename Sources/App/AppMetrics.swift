import HTTP
import Store
import Telemetry

/// The node's own metrics, created once at start-up, and the hooks that feed them from the writer and the HTTP server.
///
/// Label values come from bounded sets only: the route pattern (never the raw path), the method and the status code.
final class AppMetrics: Sendable {
    let registry: MetricsRegistry
    private let httpRequests: CounterFamily
    private let httpDuration: HistogramFamily
    private let writerBatchCommands: Histogram
    private let writerCommits: Counter
    private let writerFailedBatches: Counter
    private let writerFailedCommands: Counter
    private let writerCommitDuration: Histogram
    private let writerBatchDuration: Histogram

    init(registry: MetricsRegistry) throws {
        self.registry = registry
        httpRequests = try registry.makeCounterFamily(
            "worldgame_http_requests_total", help: "HTTP requests answered, by route pattern, method and status.",
            labelNames: ["route", "method", "status"])
        httpDuration = try registry.makeHistogramFamily(
            "worldgame_http_request_duration_seconds", help: "Time from a complete request to its response, by route pattern.",
            labelNames: ["route"], buckets: DefaultBuckets.latencySeconds)
        writerBatchCommands = try registry.makeHistogram(
            "worldgame_writer_batch_commands", help: "Commands committed together in one writer transaction.",
            buckets: DefaultBuckets.batchSizes)
        writerCommits = try registry.makeCounter(
            "worldgame_writer_commits_total", help: "Writer transactions committed (one fsync each).")
        writerFailedBatches = try registry.makeCounter(
            "worldgame_writer_failed_batches_total", help: "Writer batches whose commit failed; every command in them got the error.")
        writerFailedCommands = try registry.makeCounter(
            "worldgame_writer_failed_commands_total", help: "Writer commands that failed and were rolled back alone.")
        writerCommitDuration = try registry.makeHistogram(
            "worldgame_writer_commit_duration_seconds", help: "Duration of COMMIT, which includes the fsync.",
            buckets: DefaultBuckets.latencySeconds)
        writerBatchDuration = try registry.makeHistogram(
            "worldgame_writer_batch_duration_seconds", help: "Duration of a writer batch from BEGIN to COMMIT.",
            buckets: DefaultBuckets.latencySeconds)
        try registry.makeCallbackGauge(
            "worldgame_sqlite_memory_bytes",
            help: "Bytes of SQLite's own heap in this process: every connection's page cache, schemas and statements."
        ) { Double(SQLiteMemory.usedBytes) }
        try registry.makeCallbackGauge(
            "worldgame_sqlite_memory_highwater_bytes", help: "The most SQLite's heap has held since the process started."
        ) { Double(SQLiteMemory.highwaterBytes) }
    }

    /// Records one finished HTTP request.
    func record(_ request: HTTPRequestRecord) {
        httpRequests.labels(request.routePattern, request.method, String(request.status)).increment()
        httpDuration.labels(request.routePattern).observe(request.duration)
    }

    /// Writer hooks that feed the writer metrics; `logger` reports failed batches.
    func writerHooks(logger: Logger) -> WriterHooks {
        var hooks = WriterHooks()
        hooks.batchCommitted = { [self] stats in
            writerCommits.increment()
            writerBatchCommands.observe(Double(stats.commandCount))
            writerCommitDuration.observe(stats.commitDuration)
            writerBatchDuration.observe(stats.batchDuration)
            if stats.failedCommandCount > 0 { writerFailedCommands.increment(by: Int64(stats.failedCommandCount)) }
        }
        hooks.batchFailed = { [self] error in
            writerFailedBatches.increment()
            logger.error("writer batch failed", [("error", .string(String(describing: error)))])
        }
        return hooks
    }
}
