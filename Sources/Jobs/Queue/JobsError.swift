/// Everything the `Jobs` module throws or records as a job's last error.
///
/// Cases carry the facts needed to act on them; descriptions are single lines an operator can read in
/// `worldgame jobs show` or a log line.
public enum JobsError: Error, CustomStringConvertible, Equatable {
    /// No job has this id.
    case jobNotFound(id: Int64)
    /// Only `dead` and `failed` jobs can be retried by an operator.
    case cannotRetry(id: Int64, state: JobState)
    /// Only jobs that still have to run (`pending`, `failed`, `running`) can be cancelled.
    case cannotCancel(id: Int64, state: JobState)
    /// Retrying job `id` would make a second active job with `dedupeKey` (another one is already queued).
    case dedupeKeyTaken(id: Int64, dedupeKey: String)
    /// The job's kind has no handler in this binary; the job goes dead with this as its last error.
    case handlerMissing(kind: String)
    /// A stored value the code cannot read (a state or cadence written by a newer binary?).
    case storedValueInvalid(table: String, column: String, value: String)
    /// A daily schedule time that is not `HH:MM` (00:00 to 23:59, UTC).
    case dailyTimeInvalid(schedule: String, text: String)
    /// A schedule interval that is not a positive number of seconds.
    case intervalInvalid(schedule: String, seconds: Int)
    /// Two schedules registered with the same name.
    case scheduleNameDuplicated(name: String)

    public var description: String {
        switch self {
        case .jobNotFound(let id):
            "no job with id \(id)"
        case .cannotRetry(let id, let state):
            "job \(id) is \(state.rawValue); only dead or failed jobs can be retried"
        case .cannotCancel(let id, let state):
            "job \(id) is \(state.rawValue); only pending, failed or running jobs can be cancelled"
        case .dedupeKeyTaken(let id, let dedupeKey):
            "job \(id) cannot be retried: another job with dedupe key \(dedupeKey) is already queued"
        case .handlerMissing(let kind):
            "no handler registered for kind \(kind)"
        case .storedValueInvalid(let table, let column, let value):
            "\(table).\(column) holds '\(value)', which this binary does not understand"
        case .dailyTimeInvalid(let schedule, let text):
            "schedule \(schedule): daily time '\(text)' is not HH:MM (UTC, 00:00 to 23:59)"
        case .intervalInvalid(let schedule, let seconds):
            "schedule \(schedule): interval \(seconds) s is not a positive number of seconds"
        case .scheduleNameDuplicated(let name):
            "schedule \(name) is registered twice"
        }
    }
}
