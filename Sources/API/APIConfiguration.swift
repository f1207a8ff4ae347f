import Game

/// Tunables of the API layer; the node fills them from `serve` options (`--token-ttl`, `--starting-gold`,
/// `--password-iterations`).
public struct APIConfiguration: Sendable {
    /// Lifetime of access tokens.
    public var tokenTTL: Duration = .seconds(3_600)
    /// PBKDF2 iterations for new password hashes (OWASP: 600,000; tests use a small number).
    public var passwordIterations: Int = PasswordHasher.recommendedIterations
    /// Threads hashing passwords, and how many hashing jobs may wait before requests get 503.
    public var hashingThreads: Int = 2
    public var hashingQueueLimit: Int = 64
    /// Gold (whole units) granted to each new player.
    public var startingGold: Int64 = 1_000
    /// Largest area `GET /api/land-squares` answers, in squares (32 x 32).
    public var maxAreaSquares: Int64 = 1_024
    /// Largest accepted JSON body of the API's own routes.
    public var maxBodyBytes: Int = 16_384
    /// Login attempts per username: 5 at once, then one every 12 s.
    public var loginUsernamePolicy = RateLimitPolicy(capacity: 5, refillInterval: .seconds(12))
    /// Login attempts per client address: 20 at once, then one every 3 s.
    public var loginAddressPolicy = RateLimitPolicy(capacity: 20, refillInterval: .seconds(3))
    /// Requests per operator on `/api/admin/*`: 120 at once, then 20 a second (a console refreshing its views stays
    /// far below it; a runaway script gets 429).
    public var adminPolicy = RateLimitPolicy(capacity: 120, refillInterval: .milliseconds(50))
    /// Merge and upgrade rules (costs, bonus, maximum levels); see `docs/resources.md`.
    public var resources = ResourceConfiguration()

    public init() {}
}
