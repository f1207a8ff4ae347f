import Testing
@testable import Telemetry
import TestSupport

@Suite struct LoggerTests {
    @Test func dropsRecordsBelowTheLevelWithoutEvaluatingThem() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "test", level: .warning, sink: sink)
        var evaluations = 0
        func expensive() -> String { evaluations += 1; return "built" }
        func expensiveFields() -> [(String, LogValue)] { evaluations += 1; return [("k", "v")] }

        logger.debug(expensive(), expensiveFields())
        logger.info(expensive(), expensiveFields())
        #expect(evaluations == 0)
        #expect(sink.records.isEmpty)

        logger.warning(expensive(), expensiveFields())
        logger.error(expensive())
        #expect(evaluations == 3)
        #expect(sink.records.map(\.level) == [.warning, .error])
        #expect(sink.records.map(\.message) == ["built", "built"])
        #expect(sink.records.map(\.label) == ["test", "test"])
    }

    @Test(arguments: LogLevel.allCases)
    func isEnabledFollowsSeverityOrder(level: LogLevel) {
        let logger = Logger(label: "test", level: level, sink: InMemoryLogSink())
        for other in LogLevel.allCases {
            #expect(logger.isEnabled(other) == ((LogLevel.allCases.firstIndex(of: other) ?? -1) >= (LogLevel.allCases.firstIndex(of: level) ?? -1)))
        }
    }

    @Test func contextFieldsComeFirstAndCallSiteFieldsReplaceThem() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "http", sink: sink)
            .with([("request_id", "r-1"), ("route", "/a")])
            .with([("player_id", 7)])
        logger.info("request served", [("status", 200), ("route", "/b")])
        let fields = try? #require(sink.records.first?.fields)
        #expect(fields?.map(\.0) == ["request_id", "route", "player_id", "status"])
        #expect(fields?.map(\.1) == ["r-1", "/b", 7, 200])
    }

    @Test func withDoesNotChangeTheOriginal() {
        let sink = InMemoryLogSink()
        let base = Logger(label: "jobs", sink: sink)
        _ = base.with([("job_id", 1)])
        base.info("job started")
        #expect(sink.records.first?.fields.isEmpty == true)
    }

    @Test func logValueLiterals() {
        let route = "/v1/world"
        let fields: [(String, LogValue)] = [("s", "x"), ("i", 3), ("d", 0.5), ("b", true), ("t", "\(route)!")]
        #expect(fields.map(\.1) == [.string("x"), .int(3), .double(0.5), .bool(true), .string("/v1/world!")])
    }

    @Test func inMemorySinkClears() {
        let sink = InMemoryLogSink()
        Logger(label: "x", sink: sink).error("disk full")
        #expect(sink.records.count == 1)
        sink.clear()
        #expect(sink.records.isEmpty)
    }
}
