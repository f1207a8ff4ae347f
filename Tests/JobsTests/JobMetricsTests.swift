@testable import Jobs
import Telemetry
import Testing

@Suite struct JobMetricsTests {
    static func report(_ kind: String, _ outcome: JobOutcome) throws -> JobReport {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: kind)))
        return JobReport(job: try #require(try database.job(id)), attempt: 1, outcome: outcome, duration: .milliseconds(20))
    }

    @Test func outcomesFeedDurationFailureAndDeadSeries() throws {
        let registry = MetricsRegistry()
        let metrics = try JobMetrics(registry: registry, kinds: ["settle"])
        metrics.record(try Self.report("settle", .done))
        metrics.record(try Self.report("settle", .failed(error: "x", retryAt: 0)))
        metrics.record(try Self.report("settle", .dead(error: "x")))
        metrics.record(try Self.report("rogue", .dead(error: "no handler")))
        metrics.record(try Self.report("settle", .released))
        let text = registry.exposition()
        #expect(text.contains(#"worldgame_job_duration_seconds_count{kind="settle"} 3"#))
        #expect(text.contains(#"worldgame_jobs_failed_total{kind="settle"} 2"#))
        #expect(text.contains(#"worldgame_jobs_dead_total{kind="settle"} 1"#))
        #expect(text.contains(#"worldgame_jobs_dead_total{kind="unregistered"} 1"#))
    }

    @Test func queueDepthIsSetAndStaleSeriesDropToZero() throws {
        let registry = MetricsRegistry()
        let metrics = try JobMetrics(registry: registry, kinds: ["a", "b"])
        metrics.refreshQueueDepth([
            JobDepth(kind: "a", state: .pending, count: 5), JobDepth(kind: "b", state: .running, count: 2),
            JobDepth(kind: "zzz", state: .dead, count: 1), JobDepth(kind: "yyy", state: .dead, count: 2),
        ])
        var text = registry.exposition()
        #expect(text.contains(#"worldgame_jobs_queue_depth{kind="a",state="pending"} 5"#))
        #expect(text.contains(#"worldgame_jobs_queue_depth{kind="b",state="running"} 2"#))
        #expect(text.contains(#"worldgame_jobs_queue_depth{kind="unregistered",state="dead"} 3"#))
        metrics.refreshQueueDepth([JobDepth(kind: "a", state: .pending, count: 1)])
        text = registry.exposition()
        #expect(text.contains(#"worldgame_jobs_queue_depth{kind="a",state="pending"} 1"#))
        #expect(text.contains(#"worldgame_jobs_queue_depth{kind="b",state="running"} 0"#))
    }

    @Test func depthCountsComeFromTheTable() throws {
        let database = try JobsTestDatabase()
        _ = try database.queue.enqueue([NewJob(kind: "a"), NewJob(kind: "a"), NewJob(kind: "b")])
        _ = try database.queue.claim(owner: "w", limit: 1)
        let depths = try database.read { try JobTable.depthCounts(in: $0) }
        #expect(Set(depths.map { "\($0.kind) \($0.state.rawValue) \($0.count)" }) == ["a pending 1", "a running 1", "b pending 1"])
    }
}
