import Foundation
import Testing
@testable import Telemetry

@Suite struct MetricsRegistryTests {
    @Test func counterExposition() throws {
        let registry = MetricsRegistry()
        let counter = try registry.makeCounter("worldgame_jobs_done_total", help: "Jobs finished.")
        counter.increment()
        counter.increment(by: 41)
        #expect(counter.value == 42)
        #expect(registry.exposition() == """
            # HELP worldgame_jobs_done_total Jobs finished.
            # TYPE worldgame_jobs_done_total counter
            worldgame_jobs_done_total 42

            """)
    }

    @Test func counterFamilyExpositionIsSortedAndEscaped() throws {
        let registry = MetricsRegistry()
        let requests = try registry.makeCounterFamily(
            "worldgame_http_requests_total", help: "Requests by route\\status\nper line.", labelNames: ["route", "status"])
        requests.labels("/v1/world", "200").increment(by: 3)
        requests.labels(["/a\"b\\c\nd", "500"]).increment()
        #expect(registry.exposition() == #"""
            # HELP worldgame_http_requests_total Requests by route\\status\nper line.
            # TYPE worldgame_http_requests_total counter
            worldgame_http_requests_total{route="/a\"b\\c\nd",status="500"} 1
            worldgame_http_requests_total{route="/v1/world",status="200"} 3

            """#)
    }

    @Test func gaugeAndCallbackGaugeExposition() throws {
        let registry = MetricsRegistry()
        let gauge = try registry.makeGauge("worldgame_websocket_connections", help: "Open WebSockets.")
        gauge.set(10)
        gauge.add(-2.5)
        #expect(gauge.value == 7.5)
        let depths = try registry.makeGaugeFamily("worldgame_jobs_queue_depth", help: "Queued jobs.", labelNames: ["queue"])
        depths.labels("mail").set(3)
        try registry.makeCallbackGauge("worldgame_replication_lag_seconds", help: "Lag.") { .infinity }
        #expect(registry.exposition() == """
            # HELP worldgame_jobs_queue_depth Queued jobs.
            # TYPE worldgame_jobs_queue_depth gauge
            worldgame_jobs_queue_depth{queue="mail"} 3
            # HELP worldgame_replication_lag_seconds Lag.
            # TYPE worldgame_replication_lag_seconds gauge
            worldgame_replication_lag_seconds +Inf
            # HELP worldgame_websocket_connections Open WebSockets.
            # TYPE worldgame_websocket_connections gauge
            worldgame_websocket_connections 7.5

            """)
    }

    @Test func histogramExpositionIsCumulative() throws {
        let registry = MetricsRegistry()
        let histogram = try registry.makeHistogram(
            "worldgame_writer_commit_duration_seconds", help: "Commit latency.", buckets: [0.005, 0.1, 1])
        histogram.observe(0.005)
        histogram.observe(.milliseconds(50))
        histogram.observe(0.25)
        histogram.observe(20)
        histogram.observe(.nan)
        #expect(histogram.count == 4)
        #expect(abs(histogram.sum - 20.305) < 1e-12)
        #expect(registry.exposition() == """
            # HELP worldgame_writer_commit_duration_seconds Commit latency.
            # TYPE worldgame_writer_commit_duration_seconds histogram
            worldgame_writer_commit_duration_seconds_bucket{le="0.005"} 1
            worldgame_writer_commit_duration_seconds_bucket{le="0.1"} 2
            worldgame_writer_commit_duration_seconds_bucket{le="1"} 3
            worldgame_writer_commit_duration_seconds_bucket{le="+Inf"} 4
            worldgame_writer_commit_duration_seconds_sum 20.305
            worldgame_writer_commit_duration_seconds_count 4

            """)
    }

    @Test func histogramFamilyExposition() throws {
        let registry = MetricsRegistry()
        let family = try registry.makeHistogramFamily(
            "worldgame_writer_batch_commands", help: "Batch sizes.", labelNames: ["kind"], buckets: [1, 2])
        family.labels("bid").observe(2)
        #expect(registry.exposition() == """
            # HELP worldgame_writer_batch_commands Batch sizes.
            # TYPE worldgame_writer_batch_commands histogram
            worldgame_writer_batch_commands_bucket{kind="bid",le="1"} 0
            worldgame_writer_batch_commands_bucket{kind="bid",le="2"} 1
            worldgame_writer_batch_commands_bucket{kind="bid",le="+Inf"} 1
            worldgame_writer_batch_commands_sum{kind="bid"} 2
            worldgame_writer_batch_commands_count{kind="bid"} 1

            """)
    }

    @Test(arguments: [
        ("worldgame_ok", nil),
        ("worldgame_with:colon", nil),
        ("worldgame_", nil),
        ("other_metric", MetricsError.invalidName("other_metric")),
        ("worldgame-dash", .invalidName("worldgame-dash")),
        ("worldgame_é", .invalidName("worldgame_é")),
        ("", .invalidName("")),
        ("9worldgame_x", .invalidName("9worldgame_x")),
        ("worldgame_a b", .invalidName("worldgame_a b")),
    ] as [(String, MetricsError?)])
    func validatesGaugeNames(name: String, expected: MetricsError?) {
        let registry = MetricsRegistry()
        #expect(result { () throws(MetricsError) in _ = try registry.makeGauge(name, help: "h") } == expected)
    }

    @Test(arguments: [
        (["route", "_x", "a1"], nil),
        (["1route"], MetricsError.invalidLabelName("1route")),
        (["__name"], .invalidLabelName("__name")),
        (["ro:ute"], .invalidLabelName("ro:ute")),
        ([""], .invalidLabelName("")),
        (["a", "a"], .invalidLabelName("a")),
    ] as [([String], MetricsError?)])
    func validatesLabelNames(labelNames: [String], expected: MetricsError?) {
        let registry = MetricsRegistry()
        #expect(result { () throws(MetricsError) in
            _ = try registry.makeCounterFamily("worldgame_x_total", help: "h", labelNames: labelNames)
        } == expected)
    }

    @Test func rejectsCountersWithoutTotalHistogramLeAndBadBuckets() {
        let registry = MetricsRegistry()
        #expect(throws: MetricsError.counterNameMustEndInTotal("worldgame_requests")) {
            try registry.makeCounter("worldgame_requests", help: "h")
        }
        #expect(throws: MetricsError.invalidLabelName("le")) {
            try registry.makeHistogramFamily("worldgame_h", help: "h", labelNames: ["le"], buckets: [1])
        }
        for buckets in [[], [1, 1], [2, 1], [1, .infinity], [.nan]] as [[Double]] {
            #expect(throws: MetricsError.invalidBuckets("worldgame_h")) {
                try registry.makeHistogram("worldgame_h", help: "h", buckets: buckets)
            }
        }
    }

    @Test func rejectsDuplicatesIncludingHistogramSeriesNames() throws {
        let registry = MetricsRegistry()
        _ = try registry.makeGauge("worldgame_a", help: "h")
        #expect(throws: MetricsError.duplicateName("worldgame_a")) { try registry.makeGauge("worldgame_a", help: "h") }
        _ = try registry.makeHistogram("worldgame_latency_seconds", help: "h", buckets: [1])
        #expect(throws: MetricsError.duplicateName("worldgame_latency_seconds_count")) {
            try registry.makeCallbackGauge("worldgame_latency_seconds_count", help: "h") { 0 }
        }
        _ = try registry.makeGauge("worldgame_b_sum", help: "h")
        #expect(throws: MetricsError.duplicateName("worldgame_b")) {
            try registry.makeHistogram("worldgame_b", help: "h", buckets: [1])
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")))
    func promtoolAcceptsTheExposition() throws {
        let registry = MetricsRegistry()
        try registry.makeCounterFamily("worldgame_http_requests_total", help: "Requests.\nTwo \\ lines.",
                                       labelNames: ["route", "status"]).labels("/a\"\n\\", "200").increment()
        try registry.makeGauge("worldgame_websocket_connections", help: "Open.").set(0.1)
        try registry.makeHistogramFamily("worldgame_http_request_duration_seconds", help: "Latency.",
                                         labelNames: ["route"], buckets: DefaultBuckets.latencySeconds)
            .labels("/v1/world").observe(.milliseconds(3))
        try registry.makeHistogram("worldgame_writer_batch_commands", help: "Batch sizes.", buckets: DefaultBuckets.batchSizes)
            .observe(5)
        try ProcessMetrics.register(in: registry, startTime: .now)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(registry.exposition().utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.isEmpty, "\(report)")
    }

    private func result(_ body: () throws(MetricsError) -> Void) -> MetricsError? {
        do throws(MetricsError) {
            try body()
            return nil
        } catch {
            return error
        }
    }
}
