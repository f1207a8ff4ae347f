import Foundation

/// The source of wall-clock time for every time-based rule of the queue: `run_at`, leases, backoff and schedules.
///
/// Time is Unix milliseconds (UTC), the unit stored in the `jobs` and `schedules` tables. It is injected so tests move
/// time by hand (`ManualWallClock`) instead of sleeping. Implementations are read from any thread.
public protocol WallClock: Sendable {
    /// The current time in Unix milliseconds.
    var now: Int64 { get }
}

/// The system's real-time clock (`Date()`), for production.
public struct SystemWallClock: WallClock {
    public init() {}

    public var now: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
