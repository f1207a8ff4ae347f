import Store

/// One persisted schedule as an operator sees it: its cadence, its next run, and what became of its last run.
///
/// A plain value read from the `schedules` table and the newest job whose dedupe key is `schedule:<name>:…`
/// (`JobScheduler` keys every run that way). Built by `worldgame jobs schedules` and `worldgame status` on their own
/// read-only connection, so it is safe beside a running node. Times are Unix milliseconds.
public struct ScheduleOverview: Sendable, Equatable {
    public var name: String
    /// The job kind each run enqueues.
    public var kind: String
    public var cadence: ScheduleCadence
    /// When the scheduler enqueues the next run.
    public var nextRunAt: Int64
    /// When the scheduler last enqueued a run of this schedule (nil: never).
    public var lastEnqueuedAt: Int64?
    /// The newest run's job, nil when none was enqueued or its job row was purged.
    public var lastRun: Job?

    /// The last run's outcome in one word: `done`, `dead`, `failed` (awaiting its retry), `pending`, `running`,
    /// `purged` (enqueued, but its job row is gone) or `never`.
    public var lastOutcome: String {
        if let lastRun { return lastRun.state.rawValue }
        return lastEnqueuedAt == nil ? "never" : "purged"
    }

    /// Every row of the `schedules` table, by name, with its newest run.
    /// - Throws: `StoreError` from SQLite, `JobsError.storedValueInvalid` for a row whose cadence columns are invalid.
    public static func all(in executor: any SQLExecutor) throws -> [ScheduleOverview] {
        let rows = try executor.query("""
            SELECT name, kind, interval_seconds, daily_at, next_run_at, last_enqueued_at FROM schedules ORDER BY name
            """)
        return try rows.map { row in
            let name = try row.string("name")
            let kind = try row.string("kind")
            let prefix = "schedule:\(name):"
            // Newest first by id; kind narrows the scan. substr, not LIKE: names may hold `_` or `%`.
            let lastRun = try executor.queryOne("""
                SELECT \(Job.columns) FROM jobs
                WHERE kind = ?1 AND substr(dedupe_key, 1, ?2) = ?3
                ORDER BY id DESC LIMIT 1
                """, [kind, prefix.utf8.count, prefix]).map(Job.init(row:))
            return ScheduleOverview(name: name, kind: kind, cadence: try cadence(of: row, name: name),
                                    nextRunAt: try row.int64("next_run_at"),
                                    lastEnqueuedAt: try row.optionalInt64("last_enqueued_at"), lastRun: lastRun)
        }
    }

    private static func cadence(of row: Row, name: String) throws -> ScheduleCadence {
        if let seconds = try row.optionalInt64("interval_seconds") {
            guard seconds > 0, seconds <= Int64(Int32.max) else {
                throw JobsError.storedValueInvalid(table: "schedules", column: "interval_seconds", value: String(seconds))
            }
            return .every(seconds: Int(seconds))
        }
        let text = try row.optionalString("daily_at") ?? ""
        do {
            return try ScheduleCadence.daily(text, schedule: name)
        } catch {
            throw JobsError.storedValueInvalid(table: "schedules", column: "daily_at", value: text)
        }
    }
}

extension ScheduleCadence {
    /// `every 300s` or `daily 00:00 UTC`: how `worldgame jobs schedules` shows a cadence.
    public var description: String {
        switch storedColumns {
        case (let seconds?, _): "every \(seconds)s"
        case (_, let dailyAt?): "daily \(dailyAt) UTC"
        default: "unknown"
        }
    }
}
