/// Identifies a timer scheduled on an `EventLoop`, so it can be cancelled.
///
/// A plain value; only meaningful to the loop that created it (cancel it there).
public struct TimerHandle: Hashable, Sendable {
    let id: UInt64
}
