import Dispatch
import Foundation
import Jobs
import Store
import Testing

@Suite struct JobSchedulerTests {
    static let fiveMinutes = Schedule(name: "resources", kind: "scheduleResourceUpdates", cadence: .every(seconds: 300))
    static let daily = Schedule(name: "auctions", kind: "checkAndQueueAuctions", cadence: .dailyAt(hour: 0, minute: 0))

    func scheduler(_ database: JobsTestDatabase, _ schedules: [Schedule] = [fiveMinutes, daily]) throws -> JobScheduler {
        let scheduler = try JobScheduler(queue: database.queue, schedules: schedules, logger: database.logger)
        try scheduler.register()
        return scheduler
    }

    func jobs(_ database: JobsTestDatabase) throws -> [Job] {
        try database.read { try JobTable.list(state: nil, kind: nil, limit: 1000, in: $0) }.reversed()
    }

    @Test func registerWritesTheNextCadenceInstant() throws {
        let database = try JobsTestDatabase()
        _ = try scheduler(database)
        let rows = try database.read { try $0.query("SELECT name, next_run_at FROM schedules ORDER BY name") }
        let now = database.clock.now.rawValue
        #expect(try rows.map { try $0.string("name") } == ["auctions", "resources"])
        #expect(try rows.map { try $0.int64("next_run_at") } == [now + 86_400_000, now + 300_000])
    }

    @Test func dueRunIsEnqueuedOnceWithItsDedupeKey() throws {
        let database = try JobsTestDatabase()
        let scheduler = try scheduler(database)
        #expect(try scheduler.tick().isEmpty)
        let due = database.clock.now.rawValue + 300_000
        database.clock.advance(by: .seconds(300))
        let runs = try scheduler.tick()
        #expect(runs.map(\.name) == ["resources"] && runs.first?.dueAt == due && runs.first?.jobID != nil)
        #expect(try scheduler.tick().isEmpty)
        let job = try #require(try jobs(database).first)
        #expect(job.kind == "scheduleResourceUpdates" && job.dedupeKey == "schedule:resources:\(due)")
        #expect(job.payload == #"{"dueAt":\#(due),"schedule":"resources"}"#)
    }

    @Test func restartNeverDoublesARun() throws {
        let database = try JobsTestDatabase()
        database.clock.advance(by: .seconds(1))
        _ = try scheduler(database)
        database.clock.advance(by: .seconds(300))
        #expect(try scheduler(database).tick().count == 1)
        // A "restarted" node registers again and ticks at the same instant.
        let restarted = try scheduler(database)
        #expect(try restarted.tick().isEmpty)
        #expect(try jobs(database).count == 1)
    }

    @Test func runsMissedWhileDownAreEnqueuedOnce() throws {
        let database = try JobsTestDatabase()
        let scheduler = try scheduler(database)
        database.clock.advance(by: .seconds(10 * 86_400 + 7))
        let runs = try scheduler.tick()
        #expect(runs.map(\.name).sorted() == ["auctions", "resources"])
        #expect(try scheduler.tick().isEmpty)
        let now = database.clock.now.rawValue
        let next = try database.read { try $0.query("SELECT next_run_at FROM schedules").map { try $0.int64("next_run_at") } }
        #expect(next.allSatisfy { $0 > now })
        #expect(try jobs(database).count == 2)
    }

    @Test func clockJumpingBackDoesNotRerun() throws {
        let database = try JobsTestDatabase()
        let scheduler = try scheduler(database, [Self.fiveMinutes])
        database.clock.advance(by: .seconds(300))
        #expect(try scheduler.tick().count == 1)
        database.clock.advance(by: .seconds(-600))
        #expect(try scheduler.tick().isEmpty)
        // Back at the instant of the run already enqueued: the next run is the one after it.
        database.clock.advance(by: .seconds(600))
        #expect(try scheduler.tick().isEmpty)
        database.clock.advance(by: .seconds(300))
        #expect(try scheduler.tick().count == 1)
    }

    @Test func twoSchedulersRacingOnOneDatabaseNeverDoubleARun() throws {
        let database = try JobsTestDatabase()
        // A second node: its own writer (connection) on the same file, the same clock.
        let otherWriter = try Writer(configuration: database.storeConfiguration)
        defer { otherWriter.shutdown() }
        let otherQueue = JobQueue(writer: otherWriter, clock: database.clock, configuration: database.queue.configuration)
        let schedulers = [
            try scheduler(database),
            try JobScheduler(queue: otherQueue, schedules: [Self.fiveMinutes, Self.daily], logger: database.logger),
        ]
        try schedulers[1].register()
        let periods = 30
        for _ in 0..<periods {
            database.clock.advance(by: .seconds(300))
            let group = DispatchGroup()
            for scheduler in schedulers {
                for _ in 0..<3 {
                    group.enter()
                    Thread {
                        _ = try? scheduler.tick()
                        group.leave()
                    }.start()
                }
            }
            group.wait()
        }
        let all = try jobs(database)
        #expect(all.count == periods)
        #expect(Set(all.compactMap(\.dedupeKey)).count == periods)
    }

    @Test func changedCadenceRestartsFromNow() throws {
        let database = try JobsTestDatabase()
        _ = try scheduler(database, [Self.fiveMinutes])
        database.clock.advance(by: .seconds(60))
        let hourly = Schedule(name: "resources", kind: "scheduleResourceUpdates", cadence: .every(seconds: 3600))
        _ = try scheduler(database, [hourly])
        let next = try database.read { try $0.queryOne("SELECT next_run_at FROM schedules")?.int64("next_run_at") }
        #expect(next == hourly.cadence.nextRun(after: database.clock.now.rawValue))
    }

    @Test func invalidSchedulesAreRejected() throws {
        let database = try JobsTestDatabase()
        #expect(throws: JobsError.scheduleNameDuplicated(name: "resources")) {
            try JobScheduler(queue: database.queue, schedules: [Self.fiveMinutes, Self.fiveMinutes], logger: database.logger)
        }
        let zero = Schedule(name: "z", kind: "z", cadence: .every(seconds: 0))
        #expect(throws: JobsError.intervalInvalid(schedule: "z", seconds: 0)) {
            try JobScheduler(queue: database.queue, schedules: [zero], logger: database.logger)
        }
    }
}
