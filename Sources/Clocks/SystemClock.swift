import Foundation

/// The system's real-time clock, for production.
///
/// Reads `Date()` and rounds down to the whole millisecond (`UnixMilliseconds.init(_: Date)`). Stateless; any thread
/// may read it.
public struct SystemClock: WallClock {
    public init() {}

    public var now: UnixMilliseconds { UnixMilliseconds(Date()) }
}
