import Dispatch
import Foundation
import Jobs
import Store
import Testing
import TestSupport

@Suite struct JobWorkerPoolTests {
    @Test(.timeLimit(.minutes(1)))
    func fourWorkersRunEveryJobExactlyOnce() throws {
        let database = try JobsTestDatabase { $0.workerCount = 4 }
        let count = 2_000
        _ = try database.queue.enqueue((0..<count).map { NewJob(kind: "k", payload: "{\"n\":\($0)}") })
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        let pool = JobWorkerPool(queue: database.queue, handlers: handlers, logger: database.logger)
        pool.start()
        let finished = waitUntil(.seconds(30)) {
            try database.count("SELECT count(*) AS n FROM jobs WHERE state = 'done'") == count
        }
        #expect(pool.stop(deadline: .seconds(5)))
        #expect(finished)
        #expect(try database.count("SELECT count(*) AS n FROM effects") == count)
        #expect(try database.count("SELECT count(DISTINCT job_id) AS n FROM effects") == count)
        #expect(try database.count("SELECT count(*) AS n FROM jobs WHERE state = 'running'") == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func idleWorkersWakeWhenAJobIsEnqueued() throws {
        // With a 60 s idle wait, only the wake-up can make the job run within the test's deadline.
        let database = try JobsTestDatabase {
            $0.workerCount = 2
            $0.idleWait = .seconds(60)
        }
        var handlers = JobHandlers()
        handlers.register("k", JobsTestDatabase.insertEffect)
        let pool = JobWorkerPool(queue: database.queue, handlers: handlers, logger: database.logger)
        pool.start()
        defer { pool.stop(deadline: .seconds(5)) }
        for round in 1...3 {
            // Both workers found nothing and sleep on the wake condition: only the enqueue's wake-up can run the job.
            #expect(waitUntil(.seconds(10)) { pool.idleWorkerCount == 2 }, "round \(round): workers idle")
            let id = try #require(try database.queue.enqueue(NewJob(kind: "k")))
            let ran = waitUntil(.seconds(10)) { try database.job(id)?.state == .done }
            #expect(ran, "round \(round)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func stopLetsTheRunningJobFinishAndReleasesTheRest() throws {
        let database = try JobsTestDatabase { $0.workerCount = 1 }
        let ids = try database.queue.enqueue((0..<4).map { _ in NewJob(kind: "slow") }).map { try #require($0) }
        let entered = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        var handlers = JobHandlers()
        handlers.register("slow", .external { _ in
            entered.signal()
            proceed.wait()
        })
        let pool = JobWorkerPool(queue: database.queue, handlers: handlers, logger: database.logger)
        pool.start()
        entered.wait()
        let stopped = DispatchSemaphore(value: 0)
        let drained = Collected<Bool>()
        Thread {
            drained.append(pool.stop(deadline: .seconds(10)))
            stopped.signal()
        }.start()
        // The stop has begun while the job still runs: the worker must finish it and release the rest.
        #expect(waitUntil(.seconds(10)) { pool.isStopRequested })
        proceed.signal()
        stopped.wait()
        #expect(drained.all == [true])
        let states = try ids.map { try #require(try database.job($0)).state }
        #expect(states == [.done, .pending, .pending, .pending])
        #expect(try database.count("SELECT count(*) AS n FROM jobs WHERE state = 'running'") == 0)
    }

    @Test func stopBeforeStartReturnsAtOnce() throws {
        let database = try JobsTestDatabase()
        let pool = JobWorkerPool(queue: database.queue, handlers: JobHandlers(), logger: database.logger)
        #expect(pool.stop(deadline: .seconds(1)))
    }
}
