import Foundation
import Jobs
import Store
import Telemetry
import Testing
import TestSupport

@Suite struct JobSystemTests {
    @Test(.timeLimit(.minutes(1)))
    func startEnqueuesMissedSeedRunsWhosePlaceholdersSayNotBuilt() throws {
        let database = try JobsTestDatabase()
        let registry = MetricsRegistry()
        var configuration = database.queue.configuration
        configuration.queueDepthRefresh = .milliseconds(10)
        configuration.schedulerTick = .milliseconds(10)
        // First boot registers the seed schedules; the node then stays down for two days.
        let first = try JobSystem(writer: database.writer, configuration: configuration, handlers: JobHandlers(),
                                  registry: MetricsRegistry(), logger: database.logger, clock: database.clock)
        try first.scheduler.register()
        database.clock.advance(by: .seconds(2 * 86_400))

        let system = try JobSystem(writer: database.writer, configuration: configuration, handlers: JobHandlers(),
                                   registry: registry, logger: database.logger, clock: database.clock)
        try system.start()
        let allDone = waitUntil(.seconds(20)) {
            try database.count("SELECT count(*) AS n FROM jobs WHERE state = 'done'") == 3
        }
        let depthSeen = waitUntil(.seconds(5)) { registry.exposition().contains("worldgame_jobs_queue_depth") }
        #expect(system.stop(deadline: .seconds(5)))
        #expect(allDone && depthSeen)
        let kinds = try database.read { try JobTable.list(state: .done, kind: nil, limit: 10, in: $0) }.map(\.kind).sorted()
        #expect(kinds == SeedSchedules.all.map(\.kind).sorted())
        let notBuilt = database.logSink.records.filter { $0.message == "handler not built" }
        let loggedKinds = notBuilt.compactMap { record -> String? in
            guard case .string(let kind)? = record.fields.first(where: { $0.0 == "kind" })?.1 else { return nil }
            return kind
        }
        #expect(Set(loggedKinds) == Set(kinds))
        #expect(registry.exposition().contains(#"worldgame_job_duration_seconds_count{kind="checkExpansionNeeds"} 1"#))
    }

    @Test func realHandlersReplaceThePlaceholders() throws {
        var handlers = JobHandlers()
        handlers.register(SeedSchedules.checkExpansionNeeds, JobsTestDatabase.insertEffect)
        SeedSchedules.registerPlaceholderHandlers(in: &handlers)
        guard case .database = handlers.handler(for: SeedSchedules.checkExpansionNeeds) else {
            Issue.record("the real handler was replaced by the placeholder")
            return
        }
        #expect(handlers.kinds.count == 3)
    }
}
