import Foundation

/// Exponential backoff with full jitter for OCI calls that failed with 429, 409, 5xx or a transport error:
/// attempt n waits a random time in [0, min(maxDelay, baseDelay * 2^(n-1))], or the server's `retry-after`.
///
/// The sleep and the random source are injected so tests run without waiting. Immutable; the closures must be safe
/// to call from the thread that owns the client.
public struct OCIRetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Returns a value in [0, 1).
    public var random: @Sendable () -> Double
    /// Blocks the calling thread for the given duration.
    public var sleep: @Sendable (Duration) -> Void

    public init(
        maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) -> Void = { duration in
            let parts = duration.components
            Thread.sleep(forTimeInterval: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
        self.sleep = sleep
    }

    /// The wait before retry number `attempt` (1 = the first retry); `retryAfter` (seconds, from the server) wins
    /// when present, capped at `maxDelay`.
    public func delay(beforeRetry attempt: Int, retryAfterSeconds: Int? = nil) -> Duration {
        if let retryAfterSeconds { return min(maxDelay, .seconds(max(0, retryAfterSeconds))) }
        let exponent = min(max(0, attempt - 1), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * max(0, min(1, random()))
    }
}
