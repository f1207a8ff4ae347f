import Clocks

/// How long a failed job waits before its next attempt: exponential backoff with a cap and jitter.
///
/// The delay after attempt `n` (1 for the first) is `min(cap, base * 2^n)`, shortened by up to `jitterFraction` of
/// itself at random so that jobs failing together (an outage) do not all retry at the same instant. A plain value.
public struct JobRetryPolicy: Sendable, Equatable {
    /// `base * 2^attempt` before the cap.
    public var baseDelay: Duration
    /// The longest wait between attempts.
    public var maxDelay: Duration
    /// Share of the delay removed at random, from 0 (no jitter) to 1 ("full jitter").
    public var jitterFraction: Double

    public init(baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(3600), jitterFraction: Double = 0.25) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitterFraction = min(1, max(0, jitterFraction))
    }

    /// The wait in milliseconds after attempt number `attempt` failed.
    /// - Parameter unitRandom: a number in `0..<1` choosing the jitter (injected so tests are deterministic).
    public func delayMilliseconds(afterAttempt attempt: Int, unitRandom: Double) -> Int64 {
        let cap = max(0, maxDelay.wholeMilliseconds)
        let base = max(0, baseDelay.wholeMilliseconds)
        var delay = base
        var doublings = 0
        while doublings < attempt, delay > 0, delay < cap {
            let (doubled, overflow) = delay.multipliedReportingOverflow(by: 2)
            delay = overflow ? cap : doubled
            doublings += 1
        }
        delay = min(cap, delay)
        let random = min(max(0, unitRandom), 1)
        return delay - Int64((Double(delay) * jitterFraction * random).rounded(.down))
    }
}
