import Clocks
import Codecs
import Foundation
import Store
import Telemetry

/// The persisted scheduler: enqueues one job per due run of each registered `Schedule`.
///
/// Each tick is one writer command that reads the due schedules, enqueues each run with the dedupe key
/// `schedule:<name>:<dueTime>` and moves `next_run_at` to the first cadence instant after now — in the same
/// transaction. So a restart or a clock jump never doubles a run, a run missed while the node was down is enqueued
/// once (not once per missed period), and two schedulers racing on one database serialize on the write lock: the
/// second finds `next_run_at` already moved. Ticks come from `JobSystem`'s scheduler thread (or tests).
public final class JobScheduler: Sendable {
    public let schedules: [Schedule]
    let queue: JobQueue
    let logger: Logger

    /// - Throws: `JobsError` for a duplicate name or an invalid cadence.
    public init(queue: JobQueue, schedules: [Schedule], logger: Logger) throws(JobsError) {
        var names = Set<String>()
        for schedule in schedules {
            try schedule.validate()
            guard names.insert(schedule.name).inserted else { throw .scheduleNameDuplicated(name: schedule.name) }
        }
        self.queue = queue
        self.schedules = schedules
        self.logger = logger
    }

    /// Writes schedules missing from the table (first run: the next cadence instant after now) and updates those whose
    /// kind or cadence changed in code (a changed cadence restarts from now). Unchanged rows keep their next run time.
    public func register() throws {
        let schedules = schedules
        let clock = queue.clock
        try queue.writer.performAndWait { transaction in
            try Self.register(schedules, now: clock.now.rawValue, in: transaction)
        }
    }

    /// Enqueues every due run; returns the runs found due (with their job id, or nil when a job with the same dedupe
    /// key was still queued).
    @discardableResult
    public func tick() throws -> [ScheduledRun] {
        let runs = try queue.writer.performAndWait { transaction in
            try self.enqueueDueRuns(now: self.queue.clock.now.rawValue, in: transaction)
        }
        for run in runs {
            logger.info("schedule run enqueued", [
                ("schedule", .string(run.name)), ("due_at_ms", .int(run.dueAt)),
                ("job_id", run.jobID.map { .int($0) } ?? .string("already queued")),
            ])
        }
        return runs
    }

    /// The tick's writer command.
    func enqueueDueRuns(now: Int64, in transaction: Transaction) throws -> [ScheduledRun] {
        let byName = Dictionary(schedules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let due = try transaction.query("SELECT name, next_run_at FROM schedules WHERE next_run_at <= ?1 ORDER BY name", [now])
        var runs: [ScheduledRun] = []
        for row in due {
            guard let schedule = byName[try row.string("name")] else { continue }
            let dueAt = try row.int64("next_run_at")
            let job = NewJob(kind: schedule.kind, payload: try Self.payload(schedule: schedule.name, dueAt: dueAt),
                             priority: schedule.priority, dedupeKey: "schedule:\(schedule.name):\(dueAt)")
            let jobID = try queue.enqueue(job, in: transaction)
            try transaction.run("""
                UPDATE schedules SET next_run_at = ?3, last_enqueued_at = ?4, updated_at = ?4
                WHERE name = ?1 AND next_run_at = ?2
                """, [schedule.name, dueAt, schedule.cadence.nextRun(after: now), now])
            runs.append(ScheduledRun(name: schedule.name, dueAt: dueAt, jobID: jobID))
        }
        return runs
    }

    static func register(_ schedules: [Schedule], now: Int64, in transaction: Transaction) throws {
        for schedule in schedules {
            let columns = schedule.cadence.storedColumns
            let existing = try transaction.queryOne(
                "SELECT kind, interval_seconds, daily_at FROM schedules WHERE name = ?1", [schedule.name])
            guard let existing else {
                try transaction.run("""
                    INSERT INTO schedules(name, kind, interval_seconds, daily_at, next_run_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """, [schedule.name, schedule.kind, columns.intervalSeconds, columns.dailyAt,
                          schedule.cadence.nextRun(after: now), now])
                continue
            }
            let isSameCadence = try existing.optionalInt64("interval_seconds").map(Int.init) == columns.intervalSeconds
                && existing.optionalString("daily_at") == columns.dailyAt
            if !isSameCadence {
                try transaction.run("""
                    UPDATE schedules SET kind = ?2, interval_seconds = ?3, daily_at = ?4, next_run_at = ?5, updated_at = ?6
                    WHERE name = ?1
                    """, [schedule.name, schedule.kind, columns.intervalSeconds, columns.dailyAt,
                          schedule.cadence.nextRun(after: now), now])
            } else if try existing.string("kind") != schedule.kind {
                try transaction.run("UPDATE schedules SET kind = ?2, updated_at = ?3 WHERE name = ?1",
                                    [schedule.name, schedule.kind, now])
            }
        }
    }

    /// `{"dueAt":…,"schedule":"…"}`: tells the handler which run it is.
    static func payload(schedule: String, dueAt: Int64) throws -> String {
        struct RunPayload: Encodable {
            var schedule: String
            var dueAt: Int64
        }
        return String(decoding: try JSONCoding.encode(RunPayload(schedule: schedule, dueAt: dueAt)), as: UTF8.self)
    }
}

/// One due run found by a scheduler tick.
public struct ScheduledRun: Sendable, Equatable {
    public var name: String
    /// The run's due time (Unix milliseconds), part of its dedupe key.
    public var dueAt: Int64
    /// The enqueued job, or nil when a job with the same dedupe key was still queued.
    public var jobID: Int64?
}
