import API
import ClockTesting
import Game
import Testing

@Suite struct RateLimiterTests {
    @Test func bucketRefillsWithTheClock() {
        let clock = ManualClock(milliseconds: 0)
        let limiter = RateLimiter(policy: RateLimitPolicy(capacity: 2, refillInterval: .seconds(10)), clock: clock)
        #expect(limiter.acquire("a") == .allowed)
        #expect(limiter.acquire("a") == .allowed)
        #expect(limiter.acquire("a") == .limited(retryAfterSeconds: 10))
        #expect(limiter.acquire("b") == .allowed)
        clock.advance(by: .seconds(4))
        #expect(limiter.acquire("a") == .limited(retryAfterSeconds: 6))
        clock.advance(by: .seconds(6))
        #expect(limiter.acquire("a") == .allowed)
    }

    @Test func sizeStaysBounded() {
        let clock = ManualClock(milliseconds: 0)
        let limiter = RateLimiter(policy: RateLimitPolicy(capacity: 1, refillInterval: .seconds(60), maxKeys: 100),
                                  clock: clock)
        for index in 0..<1_000 {
            _ = limiter.acquire("key\(index)")
            clock.advance(by: .milliseconds(1))
        }
        #expect(limiter.keyCount <= 100)
    }

    @Test(arguments: [("127.0.0.1:5000", "127.0.0.1"), ("[::1]:80", "::1"), ("10.0.0.1", "10.0.0.1"), ("::1", "::1")])
    func hostOfRemoteAddress(_ address: String, _ host: String) {
        #expect(LoginRateLimiter.host(ofRemoteAddress: address) == host)
    }

    @Test func loginNeedsBothBuckets() {
        let clock = ManualClock(milliseconds: 0)
        let limiter = LoginRateLimiter(usernamePolicy: RateLimitPolicy(capacity: 5, refillInterval: .seconds(60)),
                                       addressPolicy: RateLimitPolicy(capacity: 2, refillInterval: .seconds(60)), clock: clock)
        #expect(limiter.acquire(username: "a", address: "1.1.1.1") == .allowed)
        #expect(limiter.acquire(username: "b", address: "1.1.1.1") == .allowed)
        #expect(limiter.acquire(username: "c", address: "1.1.1.1") == .limited(retryAfterSeconds: 60))
        #expect(limiter.acquire(username: "c", address: "2.2.2.2") == .allowed)
    }
}
