import Clocks
import Game
import Locking

/// A token-bucket policy: up to `capacity` attempts at once, one more every `refillInterval`.
public struct RateLimitPolicy: Sendable, Equatable {
    public var capacity: Int
    public var refillInterval: Duration
    /// Distinct keys remembered at most; when full, refilled buckets and then the least recently used are dropped.
    public var maxKeys: Int

    public init(capacity: Int, refillInterval: Duration, maxKeys: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.refillInterval = refillInterval
        self.maxKeys = max(1, maxKeys)
    }
}

/// The answer of a rate limiter.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    /// Refused; a token is available again after this many whole seconds (for `Retry-After`).
    case limited(retryAfterSeconds: Int)
}

/// In-memory token buckets keyed by a string (a username, a client address), bounded in size.
///
/// Any event loop may call it; the buckets sit behind a `Locked` held only for the arithmetic. Time comes from the
/// injected `WallClock`, so tests advance it instead of sleeping.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Int64
    }

    public let policy: RateLimitPolicy
    private let clock: any WallClock
    private let buckets = Locked<[String: Bucket]>([:])

    public init(policy: RateLimitPolicy, clock: any WallClock) {
        self.policy = policy
        self.clock = clock
    }

    /// Takes one token from `key`'s bucket if it has one.
    public func acquire(_ key: String) -> RateLimitDecision {
        let now = clock.now.rawValue
        let capacity = Double(policy.capacity)
        let refillMilliseconds = max(1.0, Double(policy.refillInterval.components.seconds) * 1000
            + Double(policy.refillInterval.components.attoseconds) / 1e15)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updatedAt: now)
            let elapsed = Double(max(0, now - bucket.updatedAt))
            bucket.tokens = min(capacity, bucket.tokens + elapsed / refillMilliseconds)
            bucket.updatedAt = now
            let decision: RateLimitDecision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                let waitMilliseconds = (1 - bucket.tokens) * refillMilliseconds
                decision = .limited(retryAfterSeconds: max(1, Int((waitMilliseconds / 1000).rounded(.up))))
            }
            if buckets[key] == nil, buckets.count >= policy.maxKeys {
                Self.evict(&buckets, now: now, capacity: capacity, refillMilliseconds: refillMilliseconds, maxKeys: policy.maxKeys)
            }
            buckets[key] = bucket
            return decision
        }
    }

    /// Keys currently remembered.
    public var keyCount: Int { buckets.withLock { $0.count } }

    private static func evict(_ buckets: inout [String: Bucket], now: Int64, capacity: Double, refillMilliseconds: Double,
                              maxKeys: Int) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + Double(max(0, now - bucket.updatedAt)) / refillMilliseconds < capacity
        }
        guard buckets.count >= maxKeys else { return }
        let dropCount = max(1, buckets.count / 10)
        let oldest = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(dropCount)
        for (key, _) in oldest { buckets[key] = nil }
    }
}

/// The login rate limit: one bucket per username (lower-cased) and one per client address; both must allow.
public final class LoginRateLimiter: Sendable {
    public let byUsername: RateLimiter
    public let byAddress: RateLimiter

    public init(usernamePolicy: RateLimitPolicy, addressPolicy: RateLimitPolicy, clock: any WallClock) {
        byUsername = RateLimiter(policy: usernamePolicy, clock: clock)
        byAddress = RateLimiter(policy: addressPolicy, clock: clock)
    }

    /// Takes a token for the address and, if that allowed, for the username.
    public func acquire(username: String, address: String) -> RateLimitDecision {
        let addressDecision = byAddress.acquire(address)
        guard addressDecision == .allowed else { return addressDecision }
        return byUsername.acquire(Username.key(username))
    }

    /// `192.0.2.1` from `192.0.2.1:53122`, `::1` from `[::1]:53122`.
    public static func host(ofRemoteAddress address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        if let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon {
            return String(address[..<colon])
        }
        return address
    }
}
