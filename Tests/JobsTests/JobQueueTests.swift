import Jobs
import Store
import Testing

@Suite struct JobQueueTests {
    @Test func enqueueStoresAPendingJob() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k", payload: #"{"a":1}"#, priority: 3, maxAttempts: 7)))
        let job = try #require(try database.job(id))
        #expect(job.kind == "k" && job.payload == #"{"a":1}"# && job.priority == 3 && job.maxAttempts == 7)
        #expect(job.state == .pending && job.attempts == 0 && job.runAt == database.clock.now.rawValue)
        #expect(job.createdAt == database.clock.now.rawValue && job.leaseOwner == nil && job.finishedAt == nil)
    }

    @Test func defaultMaxAttemptsComesFromTheConfiguration() throws {
        let database = try JobsTestDatabase { $0.defaultMaxAttempts = 9 }
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k")))
        #expect(try database.job(id)?.maxAttempts == 9)
    }

    @Test func duplicateDedupeKeyIsRefusedWhileActiveAndAcceptedAfterDone() throws {
        let database = try JobsTestDatabase()
        let first = try database.queue.enqueue(NewJob(kind: "k", dedupeKey: "once"))
        #expect(first != nil)
        #expect(try database.queue.enqueue(NewJob(kind: "k", dedupeKey: "once")) == nil)
        #expect(try database.queue.enqueue(NewJob(kind: "other", dedupeKey: "other-key")) != nil)
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        handlers.register("other", JobsTestDatabase.insertEffect)
        try database.runner(handlers).runDueJobs()
        #expect(try database.job(try #require(first))?.state == .done)
        #expect(try database.queue.enqueue(NewJob(kind: "k", dedupeKey: "once")) != nil)
    }

    @Test func aFailedJobAwaitingRetryStillHoldsItsDedupeKey() throws {
        let database = try JobsTestDatabase()
        let id = try #require(try database.queue.enqueue(NewJob(kind: "k", maxAttempts: 3, dedupeKey: "key")))
        var handlers = JobHandlers()
        handlers.register("k", .external { _ in throw TestFailure.boom })
        try database.runner(handlers).runDueJobs()
        #expect(try database.job(id)?.state == .failed)
        #expect(try database.queue.enqueue(NewJob(kind: "k", dedupeKey: "key")) == nil)
    }

    @Test func enqueueInsideAFailedCommandLeavesNoJob() throws {
        let database = try JobsTestDatabase()
        let queue = database.queue
        #expect(throws: TestFailure.boom) {
            try database.writer.performAndWait { transaction in
                _ = try queue.enqueue(NewJob(kind: "k"), in: transaction)
                try transaction.run("INSERT INTO effects(job_id) VALUES (1)")
                throw TestFailure.boom
            }
        }
        #expect(try database.count("SELECT count(*) AS n FROM jobs") == 0)
        #expect(try database.count("SELECT count(*) AS n FROM effects") == 0)
    }

    @Test func enqueueCommitsWithTheCallersChange() throws {
        let database = try JobsTestDatabase()
        let queue = database.queue
        let id = try database.writer.performAndWait { transaction in
            try transaction.run("INSERT INTO effects(job_id, note) VALUES (0, 'the feature change')")
            return try queue.enqueue(NewJob(kind: "k"), in: transaction)
        }
        #expect(id != nil)
        #expect(try database.count("SELECT count(*) AS n FROM effects") == 1)
    }

    @Test func payloadMustBeJSON() throws {
        let database = try JobsTestDatabase()
        #expect {
            try database.queue.enqueue(NewJob(kind: "k", payload: "not json"))
        } throws: { error in
            (error as? StoreError)?.isConstraintViolation == true
        }
    }

    @Test func claimTakesDueJobsByPriorityThenRunAtThenId() throws {
        let database = try JobsTestDatabase()
        let now = database.clock.now.rawValue
        let ids = try database.queue.enqueue([
            NewJob(kind: "a", priority: 0, runAt: now - 10),
            NewJob(kind: "b", priority: 5, runAt: now),
            NewJob(kind: "c", priority: 0, runAt: now - 20),
            NewJob(kind: "d", priority: 0, runAt: now + 1),
            NewJob(kind: "e", priority: 5, runAt: now),
            NewJob(kind: "f", priority: -1, runAt: now - 100),
        ]).map { try #require($0) }
        let claim = try database.queue.claim(owner: "w", limit: 4)
        #expect(claim.jobs.map(\.kind) == ["b", "e", "c", "a"])
        #expect(claim.jobs.allSatisfy { $0.state == .running && $0.attempts == 1 && $0.leaseOwner == "w" })
        #expect(claim.jobs.allSatisfy { $0.leaseExpiresAt == now + 60_000 })
        let rest = try database.queue.claim(owner: "w", limit: 10)
        #expect(rest.jobs.map(\.id) == [ids[5]])
        database.clock.advance(by: .milliseconds(1))
        #expect(try database.queue.claim(owner: "w", limit: 10).jobs.map(\.id) == [ids[3]])
    }
}

/// An error thrown on purpose by test handlers.
enum TestFailure: Error, Equatable {
    case boom
    case attempt(Int)
}
