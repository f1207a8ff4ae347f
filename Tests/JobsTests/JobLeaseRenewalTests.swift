import Foundation
@testable import Jobs
import Store
import Telemetry
import Testing
import TestSupport

/// A job that runs longer than its lease keeps it while its worker lives, and loses it once renewal stops.
@Suite struct JobLeaseRenewalTests {
    /// An outside handler that blocks until the test lets it go, and says when it started.
    final class Gate: Sendable {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
    }

    static func blockingHandlers(_ gate: Gate) -> JobHandlers {
        var handlers = JobHandlers()
        handlers.register("slow", .external { _ in
            gate.started.signal()
            gate.release.wait()
        })
        return handlers
    }

    @Test(.timeLimit(.minutes(1)))
    func aRenewedLeaseIsNotReclaimedAndTheJobFinishesOnce() throws {
        let database = try JobsTestDatabase { $0.leaseDuration = .seconds(60) }
        let id = try #require(try database.queue.enqueue(NewJob(kind: "slow")))
        let gate = Gate()
        let runner = database.runner(Self.blockingHandlers(gate), owner: "slow-worker")
        let finished = DispatchSemaphore(value: 0)
        let worker = Thread {
            _ = try? runner.runDueJobs()
            finished.signal()
        }
        worker.start()
        gate.started.wait()
        #expect(runner.heldLeases.map(\.jobID) == [id])
        #expect(runner.renewableLeases(maxAge: .seconds(3600)).map(\.jobID) == [id])
        #expect(runner.renewableLeases(maxAge: .zero).isEmpty, "a batch older than the maximum run is not renewed")
        let other = database.runner(JobHandlers(), owner: "other-worker")
        for _ in 0..<3 {  // three renewals carry the job to 150 s, well past its first 60 s lease
            database.clock.advance(by: .seconds(50))
            #expect(try database.queue.renew(runner.heldLeases) == 1)
            #expect(try other.runDueJobs() == 0, "a renewed lease must not be reclaimed")
        }
        gate.release.signal()
        finished.wait()
        let job = try #require(try database.job(id))
        #expect(job.state == .done && job.attempts == 1)
        #expect(runner.heldLeases.isEmpty)
        #expect(try database.queue.renew([JobLease(jobID: id, owner: "slow-worker", attempt: 1)]) == 0,
                "a finished job's lease is not renewed")
    }

    @Test(.timeLimit(.minutes(1)))
    func theSchedulerThreadRenewsTheLeasesItsWorkersHold() throws {
        let database = try JobsTestDatabase { configuration in
            configuration.leaseDuration = .seconds(60)
            configuration.leaseRenewal = .milliseconds(10)
            configuration.schedulerTick = .milliseconds(10)
            configuration.workerCount = 1
        }
        let gate = Gate()
        let system = try JobSystem(writer: database.writer, configuration: database.queue.configuration,
                                   handlers: Self.blockingHandlers(gate), schedules: [], registry: nil,
                                   logger: database.logger, clock: database.clock)
        try system.start()
        defer {
            gate.release.signal()
            system.stop(deadline: .seconds(5))
        }
        let id = try #require(try database.queue.enqueue(NewJob(kind: "slow")))
        gate.started.wait()
        let firstExpiry = try #require(try database.job(id)?.leaseExpiresAt)
        database.clock.advance(by: .seconds(45))
        let renewed = waitUntil(.seconds(10)) {
            (try database.job(id)?.leaseExpiresAt ?? 0) >= firstExpiry + 45_000
        }
        #expect(renewed, "the scheduler thread extends a running job's lease")
    }
}
