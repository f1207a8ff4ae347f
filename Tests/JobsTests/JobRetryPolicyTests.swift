import Jobs
import Testing

@Suite struct JobRetryPolicyTests {
    static let policy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(60), jitterFraction: 0.5)

    /// (attempt, unit random, expected milliseconds): min(cap, base * 2^attempt), minus up to half of it as jitter.
    @Test(arguments: [
        (0, 0.0, Int64(1_000)),
        (1, 0.0, Int64(2_000)),
        (3, 0.0, Int64(8_000)),
        (5, 0.0, Int64(32_000)),
        (6, 0.0, Int64(60_000)),
        (40, 0.0, Int64(60_000)),
        (Int.max, 0.0, Int64(60_000)),
        (1, 0.5, Int64(1_500)),
        (3, 0.999_999, Int64(4_001)),
        (6, 1.0, Int64(30_000)),
        (-3, 0.0, Int64(1_000)),
    ])
    func delayIsCappedExponentialWithJitter(attempt: Int, unitRandom: Double, expected: Int64) {
        #expect(Self.policy.delayMilliseconds(afterAttempt: attempt, unitRandom: unitRandom) == expected)
    }

    @Test func jitterStaysWithinItsFraction() {
        for attempt in 0..<10 {
            let full = Self.policy.delayMilliseconds(afterAttempt: attempt, unitRandom: 0)
            for _ in 0..<50 {
                let delay = Self.policy.delayMilliseconds(afterAttempt: attempt, unitRandom: Double.random(in: 0..<1))
                #expect(delay <= full && delay >= full / 2)
            }
        }
    }
}
