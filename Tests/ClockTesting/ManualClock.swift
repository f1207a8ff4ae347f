import Clocks
import Locking

/// A wall clock that only moves when told to, for tests and benchmarks of time-based rules.
///
/// Shared by the test thread (which advances it) and the workers, writer, loops and scheduler (which read it); a
/// `Locked` guards the one value.
public final class ManualClock: WallClock {
    /// 2025-01-01T00:00:00Z, the default start of every manual clock.
    public static let defaultStart = UnixMilliseconds(1_735_689_600_000)

    private let current: Locked<UnixMilliseconds>

    /// A clock reading `now`.
    public init(now: UnixMilliseconds = ManualClock.defaultStart) {
        current = Locked(now)
    }

    /// A clock reading `milliseconds` since the Unix epoch.
    public convenience init(milliseconds: Int64) {
        self.init(now: UnixMilliseconds(milliseconds))
    }

    public var now: UnixMilliseconds { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative duration) by `duration`.
    public func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }

    /// Sets the clock to `now`.
    public func set(_ now: UnixMilliseconds) {
        current.withLock { $0 = now }
    }

    /// Sets the clock to `milliseconds` since the Unix epoch.
    public func set(milliseconds: Int64) {
        current.withLock { $0 = UnixMilliseconds(milliseconds) }
    }
}
