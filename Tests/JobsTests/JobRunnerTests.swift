@testable import Jobs
import Store
import Synchronization
import Testing
import TestSupport

@Suite struct JobRunnerTests {
    @Test func databaseJobAppliesItsEffectAndIsDoneExactlyOnce() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k")))
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        let runner = database.runner(handlers)
        #expect(try runner.runDueJobs() == 1)
        #expect(try runner.runDueJobs() == 0)
        let job = try #require(try database.job(id))
        #expect(job.state == .done && job.finishedAt == database.clock.now.rawValue && job.leaseOwner == nil)
        #expect(try database.effectCount(jobID: id) == 1)
    }

    @Test func failingHandlerRetriesWithBackoffThenSucceeds() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "flaky", maxAttempts: 5)))
        var handlers = JobHandlers()
        handlers.register("flaky", .database { context, transaction in
            try transaction.run("INSERT INTO effects(job_id, note) VALUES (?1, 'partial')", [context.job.id])
            if context.attempt <= 2 { throw TestFailure.attempt(context.attempt) }
        })
        let reports = Collected<JobReport>()
        let runner = database.runner(handlers, observer: { reports.append($0) })
        for attempt in 1...2 {
            let start = database.clock.now.rawValue
            #expect(try runner.runDueJobs() == 1)
            let job = try #require(try database.job(id))
            // base 1 s * 2^attempt, no jitter in the fixture.
            let delay = Int64(1000 << attempt)
            #expect(job.state == .failed && job.attempts == attempt && job.runAt == start + delay)
            #expect(job.lastError == "attempt(\(attempt))")
            #expect(try database.effectCount(jobID: id) == 0, "a failed attempt's effects roll back")
            database.clock.advance(by: .milliseconds(delay - 1))
            #expect(try runner.runDueJobs() == 0, "not due before its backoff")
            database.clock.advance(by: .milliseconds(1))
        }
        #expect(try runner.runDueJobs() == 1)
        let job = try #require(try database.job(id))
        #expect(job.state == .done && job.attempts == 3 && job.lastError == "attempt(2)")
        #expect(try database.effectCount(jobID: id) == 1)
        #expect(reports.all.map(\.outcome) == [
            .failed(error: "attempt(1)", retryAt: job.createdAt + 2000),
            .failed(error: "attempt(2)", retryAt: job.createdAt + 2000 + 4000),
            .done,
        ])
    }

    @Test func jobGoesDeadAfterMaxAttemptsWithItsLastError() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "broken", maxAttempts: 3)))
        var handlers = JobHandlers()
        handlers.register("broken", .external { context in throw TestFailure.attempt(context.attempt) })
        let runner = database.runner(handlers)
        for _ in 1...3 {
            #expect(try runner.runDueJobs() == 1)
            database.clock.advance(by: .seconds(3600))
        }
        let job = try #require(try database.job(id))
        #expect(job.state == .dead && job.attempts == 3 && job.lastError == "attempt(3)")
        #expect(job.finishedAt != nil)
        #expect(try runner.runDueJobs() == 0)
        #expect(database.logSink.records.contains { $0.message == "job dead" && $0.level == .error })
    }

    @Test func unknownKindGoesDeadWithAClearError() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "mystery")))
        try database.runner(JobHandlers()).runDueJobs()
        let job = try #require(try database.job(id))
        #expect(job.state == .dead && job.lastError == "no handler registered for kind mystery")
    }

    @Test func externalJobRunsOnTheWorkerThenIsMarkedDone() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "push", payload: #"{"to":"x"}"#)))
        let seen = Collected<(Int64, String, Int)>()
        var handlers = JobHandlers()
        handlers.register("push", .external { context in
            seen.append((context.job.id, context.job.payload, context.attempt))
            context.logger.info("pushed")
        })
        try database.runner(handlers).runDueJobs()
        #expect(seen.all.count == 1 && seen.all.first?.0 == id && seen.all.first?.1 == #"{"to":"x"}"#)
        #expect(try database.job(id)?.state == .done)
        let logged = try #require(database.logSink.records.first { $0.message == "pushed" })
        #expect(logged.fields.contains { $0.0 == "job_id" && $0.1 == .int(id) })
        #expect(logged.fields.contains { $0.0 == "kind" && $0.1 == .string("push") })
        #expect(logged.fields.contains { $0.0 == "attempt" && $0.1 == .int(1) })
    }

    @Test func expiredLeaseIsReclaimedAndTheOldClaimChangesNothing() throws {
        let database = try JobsTestDatabase { $0.leaseDuration = .seconds(30) }
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k")))
        let stale = try database.queue.claim(owner: "dead-worker", limit: 10)
        #expect(stale.jobs.map(\.id) == [id])
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        let runner = database.runner(handlers, owner: "live-worker")
        database.clock.advance(by: .seconds(29))
        #expect(try runner.runDueJobs() == 0, "the lease still holds")
        database.clock.advance(by: .seconds(1))
        #expect(try runner.runDueJobs() == 1)
        let job = try #require(try database.job(id))
        #expect(job.state == .done && job.attempts == 2)
        let oldLease = JobLease(jobID: id, owner: "dead-worker", attempt: 1)
        let marked = try database.writer.performAndWait { transaction in
            try JobTable.markDone(oldLease, now: 0, in: transaction)
        }
        #expect(!marked)
        #expect(try database.effectCount(jobID: id) == 1)
    }

    @Test func expiredLeaseOnTheLastAttemptGoesDead() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k", maxAttempts: 1)))
        _ = try database.queue.claim(owner: "dead-worker", limit: 1)
        database.clock.advance(by: .seconds(61))
        let reports = Collected<JobReport>()
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        #expect(try database.runner(handlers, observer: { reports.append($0) }).runDueJobs() == 0)
        let job = try #require(try database.job(id))
        #expect(job.state == .dead && job.lastError?.hasPrefix("lease expired on attempt 1 of 1") == true)
        #expect(reports.all.map(\.outcome) == [.dead(error: job.lastError ?? "")])
    }

    @Test func stoppingReleasesClaimedJobsNotYetStarted() throws {
        let database = try JobsTestDatabase()
        let ids = try database.queue.enqueue((0..<4).map { _ in NewJob(kind: "k") }).map { try #require($0) }
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        let started = Atomic<Int>(0)
        let claimed = try database.runner(handlers).runDueJobs(shouldStop: {
            started.add(1, ordering: .relaxed).oldValue > 0
        })
        #expect(claimed == 4)
        let jobs = try ids.map { try #require(try database.job($0)) }
        #expect(jobs.map(\.state) == [.done, .pending, .pending, .pending])
        #expect(jobs.dropFirst().allSatisfy { $0.attempts == 0 && $0.leaseOwner == nil })
    }

    @Test func cancelledRunningJobsChangeNothing() throws {
        let database = try JobsTestDatabase()
        let first = try #require(try database.queue.enqueue(NewJob(kind: "canceller", priority: 1)))
        let second = try #require(try database.queue.enqueue(NewJob(kind: "k")))
        let third = try #require(try database.queue.enqueue(NewJob(kind: "self-cancel", priority: -1)))
        let clock = database.clock
        let writer = database.writer
        var handlers = JobHandlers()
        // Runs first in the batch and cancels the second job while it is running (claimed, not yet started).
        handlers.register("canceller", .database { _, transaction in
            _ = try JobTable.cancel(id: second, now: clock.now.rawValue, in: transaction)
        })
        handlers.register("k", JobsTestDatabase.insertEffect)
        // An outside job cancelled while its handler runs: marking it done afterwards finds the lease gone.
        handlers.register("self-cancel", .external { context in
            try writer.performAndWait { transaction in
                _ = try JobTable.cancel(id: context.job.id, now: clock.now.rawValue, in: transaction)
            }
        })
        let reports = Collected<JobReport>()
        #expect(try database.runner(handlers, observer: { reports.append($0) }).runDueJobs() == 3)
        #expect(try database.job(first)?.state == .done)
        #expect(try database.job(second)?.state == .dead)
        #expect(try database.job(third)?.state == .dead)
        #expect(try database.effectCount(jobID: second) == 0)
        let outcomes = Dictionary(uniqueKeysWithValues: reports.all.map { ($0.job.id, $0.outcome) })
        #expect(outcomes == [first: .done, second: .leaseLost, third: .leaseLost])
    }
}
