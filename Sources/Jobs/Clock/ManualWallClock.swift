import Locking


/// A wall clock that only moves when told to, for tests and benchmarks of time-based rules.
///
/// Shared by the test thread (which advances it) and the workers, writer and scheduler (which read it); a `Locked` guards
/// the one value.
public final class ManualWallClock: WallClock {
    private let current: Locked<Int64>

    /// A clock reading `now` (Unix milliseconds); the default is 2025-01-01T00:00:00Z.
    public init(now: Int64 = 1_735_689_600_000) {
        current = Locked(now)
    }

    public var now: Int64 { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative duration) by `duration`.
    public func advance(by duration: Duration) {
        let milliseconds = duration.wholeMilliseconds
        current.withLock { $0 += milliseconds }
    }

    /// Sets the clock to `milliseconds` since the Unix epoch.
    public func set(_ milliseconds: Int64) {
        current.withLock { $0 = milliseconds }
    }
}
