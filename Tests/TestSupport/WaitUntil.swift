import Foundation

/// Waits for another thread's or process's effect: checks `condition` until it holds or `deadline` passes, and returns
/// whether it held. A condition that throws counts as not holding yet.
///
/// The one place tests poll: between checks it pauses `interval` (the poll period, not a guess at how long the
/// effect takes), and the answer never depends on the interval, only on the condition and the deadline. Use it for
/// effects of other threads, never to let time pass for a time rule (inject a clock for that).
public func waitUntil(deadline: ContinuousClock.Instant, interval: Duration = .milliseconds(2),
                      _ condition: () throws -> Bool) -> Bool {
    while ContinuousClock.now < deadline {
        if (try? condition()) == true { return true }
        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
    }
    return (try? condition()) == true
}

/// `waitUntil(deadline:)` with a deadline `timeout` from now.
public func waitUntil(_ timeout: Duration, interval: Duration = .milliseconds(2), _ condition: () throws -> Bool) -> Bool {
    waitUntil(deadline: ContinuousClock.now + timeout, interval: interval, condition)
}
