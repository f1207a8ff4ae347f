/// The three schedules of the game seed, and honest placeholder handlers for their kinds until their issues land.
///
/// The placeholders change nothing: on the worker thread they log "handler not built" (with `kind`, `job_id`, `attempt`)
/// at warning level, so the runs are visible and finish as done; a later issue replaces each with `JobHandlers.register`.
public enum SeedSchedules {
    /// Opens the day's auctions (daily at 00:00 UTC).
    public static let checkAndQueueAuctions = "checkAndQueueAuctions"
    /// Decides whether the world must grow (hourly).
    public static let checkExpansionNeeds = "checkExpansionNeeds"
    /// Queues resource production updates (every 5 minutes).
    public static let scheduleResourceUpdates = "scheduleResourceUpdates"

    /// The seed schedules; each schedule's name is also its job kind.
    public static let all: [Schedule] = [
        Schedule(name: checkAndQueueAuctions, kind: checkAndQueueAuctions, cadence: .dailyAt(hour: 0, minute: 0)),
        Schedule(name: checkExpansionNeeds, kind: checkExpansionNeeds, cadence: .every(seconds: 3600)),
        Schedule(name: scheduleResourceUpdates, kind: scheduleResourceUpdates, cadence: .every(seconds: 300)),
    ]

    /// Registers the no-op placeholder for every seed kind that has no handler yet (real handlers are kept).
    public static func registerPlaceholderHandlers(in handlers: inout JobHandlers) {
        for schedule in all where handlers.handler(for: schedule.kind) == nil {
            handlers.register(schedule.kind, .external { context in
                // The context logger already carries job_id, kind and attempt.
                context.logger.warning("handler not built")
            })
        }
    }
}
