@testable import Replication
import Testing

@Suite struct RebootstrapBackoffTests {
    @Test(arguments: [(0, 0), (1, 5), (2, 10), (3, 20), (6, 160), (7, 300), (8, 300), (1_000, 300)])
    func delayDoublesFromFiveSecondsUpToFiveMinutes(failures: Int, seconds: Int64) {
        #expect(RebootstrapBackoff().delay(afterFailures: failures) == .seconds(seconds))
    }

    @Test func failuresPushTheNextTryOutAndASuccessResets() {
        var backoff = RebootstrapBackoff()
        let start = ContinuousClock.now
        #expect(backoff.remainingWait(at: start) == .zero)
        #expect(backoff.recordFailure(at: start) == .seconds(5))
        #expect(backoff.recordFailure(at: start) == .seconds(10))
        #expect(backoff.remainingWait(at: start + .seconds(4)) == .seconds(6))
        #expect(backoff.remainingWait(at: start + .seconds(11)) == .zero)
        backoff.recordSuccess()
        #expect(backoff.failures == 0 && backoff.remainingWait(at: start) == .zero)
        #expect(backoff.recordFailure(at: start) == .seconds(5))
    }
}
