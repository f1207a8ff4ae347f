@testable import Jobs
import Store
import Testing

/// `ScheduleOverview`: what `worldgame jobs schedules` and `status` show, on a real SQLite file with a manual clock.
@Suite struct ScheduleOverviewTests {
    static let resources = Schedule(name: "resources", kind: "scheduleResourceUpdates", cadence: .every(seconds: 300))
    static let auctions = Schedule(name: "auctions", kind: "checkAndQueueAuctions", cadence: .dailyAt(hour: 0, minute: 0))
    /// Same kind as `resources`, another name: its runs must never count as `resources`' runs.
    static let resourcesToo = Schedule(name: "resources_2", kind: "scheduleResourceUpdates", cadence: .every(seconds: 7200))

    func overview(_ database: JobsTestDatabase) throws -> [String: ScheduleOverview] {
        let all = try database.read { try ScheduleOverview.all(in: $0) }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }

    /// Claims the due job `id` as a worker would and hands its lease to `finish`.
    func claim(_ database: JobsTestDatabase, id: Int64, finish: @escaping @Sendable (JobLease, Transaction) throws -> Void) throws {
        let now = database.clock.now.rawValue
        try database.writer.performAndWait { transaction in
            let claimed = try JobTable.claim(owner: "w", limit: 10, now: now, leaseMilliseconds: 60_000, in: transaction)
            guard let job = claimed.jobs.first(where: { $0.id == id }) else { throw JobsError.jobNotFound(id: id) }
            try finish(JobLease(jobID: job.id, owner: "w", attempt: job.attempts), transaction)
        }
    }

    @Test func freshSchedulesShowCadenceNextRunAndNever() throws {
        let database = try JobsTestDatabase()
        let scheduler = try JobScheduler(queue: database.queue, schedules: [Self.resources, Self.auctions],
                                         logger: database.logger)
        try scheduler.register()
        let now = database.clock.now.rawValue
        let schedules = try overview(database)
        #expect(schedules.keys.sorted() == ["auctions", "resources"])
        let resources = try #require(schedules["resources"])
        #expect(resources.kind == "scheduleResourceUpdates" && resources.cadence == .every(seconds: 300))
        #expect(resources.cadence.description == "every 300s")
        #expect(resources.nextRunAt == Self.resources.cadence.nextRun(after: now))
        #expect(resources.lastRun == nil && resources.lastEnqueuedAt == nil && resources.lastOutcome == "never")
        let auctions = try #require(schedules["auctions"])
        #expect(auctions.cadence.description == "daily 00:00 UTC" && auctions.lastOutcome == "never")
    }

    @Test func lastRunFollowsTheNewestJobOfThatScheduleOnly() throws {
        let database = try JobsTestDatabase()
        let scheduler = try JobScheduler(queue: database.queue, schedules: [Self.resources, Self.resourcesToo],
                                         logger: database.logger)
        try scheduler.register()
        database.clock.advance(by: .seconds(7200))
        let first = try scheduler.tick()
        let firstResources = try #require(first.first { $0.name == "resources" }?.jobID)
        let firstOther = try #require(first.first { $0.name == "resources_2" }?.jobID)
        var schedules = try overview(database)
        #expect(schedules["resources"]?.lastOutcome == "pending" && schedules["resources"]?.lastRun?.id == firstResources)
        #expect(schedules["resources"]?.lastEnqueuedAt == database.clock.now.rawValue)
        #expect(schedules["resources_2"]?.lastRun?.id == firstOther)

        try claim(database, id: firstResources) { lease, transaction in
            _ = try JobTable.markDone(lease, now: 0, in: transaction)
        }
        schedules = try overview(database)
        #expect(schedules["resources"]?.lastOutcome == "done")
        // The same claim leased resources_2's run too; it is still running, whatever resources' run became.
        #expect(schedules["resources_2"]?.lastOutcome == "running")

        database.clock.advance(by: .seconds(300))
        let second = try #require(try scheduler.tick().first { $0.name == "resources" }?.jobID)
        try claim(database, id: second) { lease, transaction in
            _ = try JobTable.markFailed(lease, error: "world not loaded\nstack", retryAt: nil, now: 0, in: transaction)
        }
        schedules = try overview(database)
        let resources = try #require(schedules["resources"])
        #expect(resources.lastRun?.id == second && resources.lastOutcome == "dead")
        #expect(resources.lastRun?.lastError == "world not loaded\nstack")
        #expect(resources.nextRunAt == Self.resources.cadence.nextRun(after: database.clock.now.rawValue))
    }

    @Test func purgedRunIsReportedAsPurged() throws {
        let database = try JobsTestDatabase()
        let scheduler = try JobScheduler(queue: database.queue, schedules: [Self.resources], logger: database.logger)
        try scheduler.register()
        database.clock.advance(by: .seconds(300))
        let id = try #require(try scheduler.tick().first?.jobID)
        let now = database.clock.now.rawValue
        try claim(database, id: id) { lease, transaction in
            _ = try JobTable.markDone(lease, now: now, in: transaction)
        }
        try database.writer.performAndWait { transaction in
            _ = try JobTable.purgeDone(finishedBefore: now + 1, limit: 100, in: transaction)
        }
        let resources = try #require(try overview(database)["resources"])
        #expect(resources.lastRun == nil && resources.lastEnqueuedAt == now && resources.lastOutcome == "purged")
    }
}
