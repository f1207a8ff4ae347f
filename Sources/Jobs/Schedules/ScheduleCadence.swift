/// When a schedule runs: every N seconds (aligned to the Unix epoch, so every node computes the same instants) or
/// once a day at a UTC time.
///
/// A plain value; `nextRun(after:)` is the whole rule, pure and tested with a table.
public enum ScheduleCadence: Sendable, Equatable {
    /// At every multiple of `seconds` since the epoch (a 3600 s schedule runs at the top of each UTC hour).
    case every(seconds: Int)
    /// Every day at `hour`:`minute` UTC.
    case dailyAt(hour: Int, minute: Int)

    static let dayMilliseconds: Int64 = 86_400_000

    /// The first run time strictly after `time` (Unix milliseconds).
    public func nextRun(after time: Int64) -> Int64 {
        switch self {
        case .every(let seconds):
            let period = Int64(max(1, seconds)) * 1000
            return Self.floorDivide(time, period) * period + period
        case .dailyAt(let hour, let minute):
            let offset = Int64(hour * 60 + minute) * 60_000
            let today = Self.floorDivide(time, Self.dayMilliseconds) * Self.dayMilliseconds + offset
            return today > time ? today : today + Self.dayMilliseconds
        }
    }

    /// Parses a daily time `"HH:MM"` (UTC, 00:00 to 23:59) for schedule `name`.
    public static func daily(_ text: String, schedule name: String) throws(JobsError) -> ScheduleCadence {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { throw .dailyTimeInvalid(schedule: name, text: text) }
        return .dailyAt(hour: hour, minute: minute)
    }

    /// The stored form: (`interval_seconds`, `daily_at`), exactly one non-nil.
    var storedColumns: (intervalSeconds: Int?, dailyAt: String?) {
        switch self {
        case .every(let seconds): (seconds, nil)
        case .dailyAt(let hour, let minute): (nil, Self.twoDigits(hour) + ":" + Self.twoDigits(minute))
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }
}

/// A named, persisted schedule: the scheduler enqueues one job of `kind` per due time.
///
/// Definitions live in code (registered at start-up); the next run time lives in the `schedules` table so restarts and
/// failovers neither lose nor double a run.
public struct Schedule: Sendable, Equatable {
    /// Unique name, also the first part of each run's dedupe key (`schedule:<name>:<dueTime>`).
    public var name: String
    /// The job kind each run enqueues.
    public var kind: String
    public var cadence: ScheduleCadence
    /// Priority of the enqueued jobs.
    public var priority: Int

    public init(name: String, kind: String, cadence: ScheduleCadence, priority: Int = 0) {
        self.name = name
        self.kind = kind
        self.cadence = cadence
        self.priority = priority
    }

    /// Checks the cadence's numbers (`every` needs a positive interval, `dailyAt` a real time of day).
    func validate() throws(JobsError) {
        switch cadence {
        case .every(let seconds):
            guard seconds > 0 else { throw .intervalInvalid(schedule: name, seconds: seconds) }
        case .dailyAt(let hour, let minute):
            guard (0...23).contains(hour), (0...59).contains(minute) else {
                throw .dailyTimeInvalid(schedule: name, text: "\(hour):\(minute)")
            }
        }
    }
}
