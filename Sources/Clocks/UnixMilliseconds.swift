import Foundation

/// A point in wall-clock time: whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Every timestamp the server stores (SQLite columns, job `run_at`, replication `committed_at`) is this number as an
/// `Int64`; the type keeps it apart from counts and durations until the storage edge reads `rawValue`. A plain value:
/// any thread may hold it.
public struct UnixMilliseconds: RawRepresentable, Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch; negative before it.
    public var rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The instant `rawValue` milliseconds after the Unix epoch.
    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The instant of `date`, rounded down to the whole millisecond at or before it.
    ///
    /// This is the one rounding the server uses: a time is never reported later than it happened, and a
    /// sub-millisecond instant before the epoch moves to the earlier millisecond (floor, not truncation toward zero).
    public init(_ date: Date) {
        rawValue = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The same instant as a Foundation `Date`, for formatting calendar and HTTP date strings.
    public var date: Date {
        Date(timeIntervalSince1970: Double(rawValue) / 1000)
    }

    /// Whole seconds since the Unix epoch, rounded down (the unit of JWT `iat`/`exp` claims).
    public var seconds: Int64 {
        rawValue >= 0 ? rawValue / 1000 : (rawValue - 999) / 1000
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: UnixMilliseconds, rhs: UnixMilliseconds) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The instant `duration` later, counting whole milliseconds of `duration` (rounded toward zero).
    public static func + (lhs: UnixMilliseconds, rhs: Duration) -> UnixMilliseconds {
        UnixMilliseconds(lhs.rawValue + rhs.wholeMilliseconds)
    }

    /// The instant `duration` earlier, counting whole milliseconds of `duration` (rounded toward zero).
    public static func - (lhs: UnixMilliseconds, rhs: Duration) -> UnixMilliseconds {
        UnixMilliseconds(lhs.rawValue - rhs.wholeMilliseconds)
    }

    /// The time from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: UnixMilliseconds, rhs: UnixMilliseconds) -> Duration {
        .milliseconds(lhs.rawValue - rhs.rawValue)
    }

    public static func += (lhs: inout UnixMilliseconds, rhs: Duration) {
        lhs = lhs + rhs
    }

    public static func -= (lhs: inout UnixMilliseconds, rhs: Duration) {
        lhs = lhs - rhs
    }
}
