import HTTP
import Locking
import Store
import Telemetry

/// The node's own metrics: HTTP requests by route, the writer's batches and commits, SQLite's heap. Created once at
/// start-up; fed by the API server's completed requests (`record`) and by `WriterMetricsObserver`.
///
/// Exists because `Store` and `HTTP` report through observers and closures they define and never import `Telemetry`;
/// this is where those reports become metrics. Label values come from bounded sets only: the route pattern (never the
/// raw path), the method and the status code. Any thread: every metric is atomic.
public final class NodeMetrics: Sendable {
    /// The node's one registry (`/metrics`), where every other part registers its metrics too.
    public let registry: MetricsRegistry
    private let httpRequests: CounterFamily
    private let httpDuration: HistogramFamily
    let writerBatchCommands: Histogram
    let writerCommits: Counter
    let writerFailedBatches: Counter
    let writerFailedCommands: Counter
    let writerCommitDuration: Histogram
    let writerBatchDuration: Histogram
    /// The two series each (route, method, status) feeds, remembered once looked up: finding them in the families
    /// builds label arrays and hashes them under the families' locks, about 2.5k instructions per request; a hit
    /// here hashes one small key. Bounded like the families (it stops remembering at `requestSeriesCacheLimit`).
    private let requestSeries = Locked<[RequestSeriesKey: RequestSeries]>([:])
    private static let requestSeriesCacheLimit = 1_000

    /// What a finished request's series are found by.
    private struct RequestSeriesKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// The request counter and duration histogram of one `RequestSeriesKey`.
    private struct RequestSeries {
        var requests: Counter
        var duration: Histogram
    }

    /// - Throws: `MetricsError` when a name is already registered in `registry`.
    public init(registry: MetricsRegistry) throws {
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
    public func record(_ request: HTTPRequestRecord) {
        let key = RequestSeriesKey(route: request.routePattern, method: request.method, status: request.status)
        let series = requestSeries.withLock { $0[key] } ?? rememberSeries(for: key)
        series.requests.increment()
        series.duration.observe(request.duration)
    }

    /// Finds `key`'s series in the families (creating them on first use) and remembers them while there is room.
    private func rememberSeries(for key: RequestSeriesKey) -> RequestSeries {
        let series = RequestSeries(requests: httpRequests.labels(key.route, key.method, String(key.status)),
                                   duration: httpDuration.labels(key.route))
        requestSeries.withLock { cache in
            if cache.count < Self.requestSeriesCacheLimit { cache[key] = series }
        }
        return series
    }

    /// The writer observer that feeds the writer metrics; `logger` reports failed batches.
    public func writerObserver(logger: Logger) -> WriterMetricsObserver {
        WriterMetricsObserver(metrics: self, logger: logger)
    }
}
