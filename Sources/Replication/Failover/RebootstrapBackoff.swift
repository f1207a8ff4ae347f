/// How long a standby waits before its next online re-bootstrap after failed ones: `initialDelay`, doubling with each
/// failure up to `maxDelay`; a success resets it.
///
/// Why: each try makes the primary take a full online backup and the standby download it; retrying a failure (the
/// primary's disk is full, the releases differ, the network drops) every poll would hammer both nodes. A value type
/// driven by explicit instants (tested without sleeping); `StandbyRebootstrap` owns one under its lock.
public struct RebootstrapBackoff: Sendable, Equatable {
    public var initialDelay: Duration = .seconds(5)
    public var maxDelay: Duration = .seconds(300)
    /// Starts with no failures.
    public init() {}

    /// Failures since the last success.
    public private(set) var failures = 0
    /// When the next try may start; nil before any failure.
    public private(set) var nextAttemptAt: ContinuousClock.Instant?

    /// The wait after `failures` failures in a row (zero for none).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initialDelay
        for _ in 1..<min(failures, 32) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay)
    }

    /// Records a failed try at `now`; returns the wait before the next one.
    public mutating func recordFailure(at now: ContinuousClock.Instant) -> Duration {
        failures += 1
        let wait = delay(afterFailures: failures)
        nextAttemptAt = now + wait
        return wait
    }

    /// Records a successful try: the next failure starts from `initialDelay` again.
    public mutating func recordSuccess() {
        failures = 0
        nextAttemptAt = nil
    }

    /// How long a try that wants to start at `now` must still wait.
    public func remainingWait(at now: ContinuousClock.Instant) -> Duration {
        guard let nextAttemptAt, nextAttemptAt > now else { return .zero }
        return nextAttemptAt - now
    }
}
