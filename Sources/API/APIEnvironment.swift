import Clocks
import Crypto
import Engine
import Game
import HTTP
import Store
import Telemetry

/// Everything the API's handlers share: the writer and readers, the token signer, the password hasher and its
/// thread pool, the login rate limiter, the clock, logger and metrics.
///
/// Built once by the node at start-up (after the Writer and ReaderPool) and immutable afterwards; every member is
/// `Sendable`, so each event loop reads it freely. `shutdown()` stops the hashing threads: call it after the HTTP
/// server drained and before the writer shuts down.
public final class APIEnvironment: Sendable {
    public let configuration: APIConfiguration
    public let writer: Writer
    public let readers: ReaderPool
    public let signer: JWTSigner
    public let hasher: PasswordHasher
    public let hashingPool: HashingPool
    public let loginLimiter: LoginRateLimiter
    /// The limit of "sign out my other sessions": the login policies, in buckets of its own.
    public let sessionLimiter: LoginRateLimiter
    /// The limit of `/api/admin/*`, one bucket per operator.
    public let adminLimiter: RateLimiter
    public let clock: any WallClock
    public let logger: Logger
    /// Where handlers publish the domain events of their commands, after commit.
    public let events: EventBus
    let metrics: APIMetrics
    /// Encoded land-square areas per event loop, valid for one database version.
    let landAreaCache: LandAreaCache
    /// A well-formed hash that matches no password: unknown usernames are verified against it so a login takes
    /// as long whether or not the name exists.
    let decoyPasswordHash: String

    /// - Parameters:
    ///   - secret: the node's JWT key (`SecretFile.loadOrCreate`), at least 32 bytes.
    ///   - metricsRegistry: where the API's metrics go (the node's registry); a private one when nil.
    /// - Throws: `MetricsError` when the metric names are already registered.
    public init(configuration: APIConfiguration, writer: Writer, readers: ReaderPool, secret: Redacted<[UInt8]>,
                logger: Logger, metricsRegistry: MetricsRegistry? = nil,
                clock: any WallClock = SystemClock(), events: EventBus = EventBus()) throws {
        self.configuration = configuration
        self.writer = writer
        self.readers = readers
        self.landAreaCache = LandAreaCache(loopCount: readers.count)
        self.signer = JWTSigner(secret: secret)
        self.hasher = PasswordHasher(iterations: configuration.passwordIterations)
        self.hashingPool = HashingPool(threadCount: configuration.hashingThreads,
                                       queueLimit: configuration.hashingQueueLimit)
        self.loginLimiter = LoginRateLimiter(usernamePolicy: configuration.loginUsernamePolicy,
                                             addressPolicy: configuration.loginAddressPolicy, clock: clock)
        self.sessionLimiter = LoginRateLimiter(usernamePolicy: configuration.loginUsernamePolicy,
                                               addressPolicy: configuration.loginAddressPolicy, clock: clock)
        self.adminLimiter = RateLimiter(policy: configuration.adminPolicy, clock: clock)
        self.clock = clock
        self.logger = logger
        self.events = events
        do {
            self.metrics = try APIMetrics(registry: metricsRegistry ?? MetricsRegistry(), hashingPool: hashingPool)
        } catch {
            hashingPool.shutdown()
            throw error
        }
        decoyPasswordHash = "pbkdf2-sha256$\(hasher.iterations)$\(Base64URL.encode(SecureRandom.bytes(count: 16)))$"
            + Base64URL.encode(SecureRandom.bytes(count: PasswordHasher.keyBytes))
    }

    /// Stops the password-hashing threads after they finish queued work. Idempotent; blocks briefly.
    public func shutdown() {
        hashingPool.shutdown()
    }

    /// The request authenticator of the node: token signature and claims, then the player's token generation on the
    /// calling loop's reader (signed-out tokens stop at once).
    public var authenticator: Authenticator {
        Authenticator(signer: signer, clock: clock, generations: TokenGenerationCheck(readers: readers))
    }

    /// A signed token for `player`, valid from now for `configuration.tokenTTL`.
    func issueToken(for player: Player) -> (token: String, expiresAtMilliseconds: Int64) {
        let nowSeconds = clock.now.seconds
        let expiresAt = nowSeconds + max(1, configuration.tokenTTL.components.seconds)
        let claims = JWTClaims(subject: String(player.id), role: player.role.rawValue, issuedAt: nowSeconds,
                               notBefore: nowSeconds, expiresAt: expiresAt,
                               tokenID: Hex.encode(SecureRandom.bytes(count: 16)), generation: player.tokenGeneration)
        return (signer.sign(claims), expiresAt * 1000)
    }

    /// Authenticates an operator and takes a token from their rate-limit bucket; returns who acts, from where.
    /// - Throws: `AuthError` (401, or 403 `forbidden` for a non-admin token), `RateLimitedError` (429).
    func admitOperator(_ request: HTTPRequest, _ context: RequestContext) throws -> AdminActor {
        let caller = try authenticator.authenticateAdmin(request, context)
        if case .limited(let seconds) = adminLimiter.acquire(String(caller.playerID)) {
            throw RateLimitedError(retryAfterSeconds: seconds, scope: "admin")
        }
        return AdminActor(adminID: caller.playerID, remoteAddress: request.remoteAddress, requestID: context.requestID,
                          traceID: context.trace.traceID)
    }

    /// The JSON object body of `request`, with only `fields` allowed and at most `configuration.maxBodyBytes`.
    /// - Throws: `APIRequestError` (400, 413, 415).
    func body(_ request: HTTPRequest, allowing fields: Set<String>) throws(APIRequestError) -> RequestBody {
        try RequestBody(request, allowedFields: fields, limitBytes: configuration.maxBodyBytes)
    }

    /// The answer of a registration, login, password change or sign-out: a fresh token for `view`'s player, when it
    /// expires, and the player as `/api/me` shows them.
    func sessionResponse(for view: PlayerView, status: HTTPStatus = .ok) -> HTTPResponse {
        let token = issueToken(for: view.player)
        return APIResponses.json(
            ["token": .string(token.token), "expiresAt": Timestamp.json(token.expiresAtMilliseconds),
             "player": GameJSON.player(view)],
            status: status)
    }
}
