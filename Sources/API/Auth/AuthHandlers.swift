import Engine
import Game
import HTTP
import Store

/// `POST /api/auth/register` and `POST /api/auth/login`.
///
/// Input is validated on the event loop; the slow password hash runs on the `HashingPool`; the change goes to the
/// node's `PlayerService`, and the response is sent from its completion, i.e. only after the commit is durable.
struct AuthHandlers: Sendable {
    let environment: APIEnvironment
    let players: PlayerService

    static let passwordLength = 8...128

    func register(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let (username, password) = try credentials(in: request, passwordLength: Self.passwordLength)
            try Username.validate(username)
            let taken = try environment.readers.reader(context.loopIndex).read { database in
                try Players.exists(username: username, in: database)
            }
            if taken { throw GameError.usernameTaken(username: username) }
            try enqueueHashing("register") { [players] in
                Self.finishRegistration(username: username, password: password, requestID: context.requestID,
                                        environment: environment, players: players, responder: responder)
            }
            return nil
        }
    }

    /// `{"username","password"}`, nothing else: the name 1–64 characters, the password `passwordLength` long.
    private func credentials(in request: HTTPRequest,
                             passwordLength: ClosedRange<Int>) throws -> (username: String, password: Redacted<String>) {
        let body = try environment.body(request, allowing: ["username", "password"])
        return (try body.string("username", length: 1...64), Redacted(try body.string("password", length: passwordLength)))
    }

    /// Runs `work` on the hashing pool; when the pool is full, counts `action` as busy and throws its error.
    private func enqueueHashing(_ action: String, _ work: @escaping @Sendable () -> Void) throws {
        do {
            try environment.hashingPool.enqueue(work)
        } catch {
            environment.metrics.count(action, "busy")
            throw error
        }
    }

    /// On a hashing thread: hash, then register through the player service and answer after the commit.
    private static func finishRegistration(username: String, password: Redacted<String>, requestID: String,
                                           environment: APIEnvironment, players: PlayerService, responder: Responder) {
        let logger = environment.logger
        let started = ContinuousClock.now
        let hash: String
        do {
            hash = try environment.hasher.hash(password)
        } catch {
            responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            return
        }
        environment.metrics.hashDuration.observe(ContinuousClock.now - started)
        players.register(username: username, passwordHash: hash) { result in
            switch result {
            case .success(let view):
                environment.metrics.count("register", "ok")
                responder.respond(environment.sessionResponse(for: view, status: .created))
            case .failure(let error):
                environment.metrics.count("register", "rejected")
                responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            }
        }
    }

    func login(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let (username, password) = try credentials(in: request, passwordLength: 1...Self.passwordLength.upperBound)
            let address = LoginRateLimiter.host(ofRemoteAddress: request.remoteAddress)
            if case .limited(let seconds) = environment.loginLimiter.acquire(username: username, address: address) {
                environment.metrics.count("login", "limited")
                throw RateLimitedError(retryAfterSeconds: seconds, scope: "login")
            }
            let credentials = try environment.readers.reader(context.loopIndex).read { database in
                try Players.credentials(username: username, in: database)
            }
            try enqueueHashing("login") { [players] in
                Self.finishLogin(credentials: credentials, password: password, requestID: context.requestID,
                                 environment: environment, players: players, responder: responder)
            }
            return nil
        }
    }

    /// On a hashing thread: verify (against a decoy for unknown names), then record the login through the player
    /// service.
    private static func finishLogin(credentials: PlayerCredentials?, password: Redacted<String>, requestID: String,
                                    environment: APIEnvironment, players: PlayerService, responder: Responder) {
        let logger = environment.logger
        let started = ContinuousClock.now
        let upgradedHash: String?
        do {
            let matches = try environment.hasher.verify(
                password, against: credentials?.passwordHash ?? environment.decoyPasswordHash)
            environment.metrics.hashDuration.observe(ContinuousClock.now - started)
            guard matches, let credentials else {
                environment.metrics.count("login", "rejected")
                responder.respond(AuthError.invalidCredentials.response)
                return
            }
            guard !credentials.player.isSuspended else {
                environment.metrics.count("login", "suspended")
                responder.respond(AuthError.accountSuspended(atLogin: true).response)
                return
            }
            upgradedHash = environment.hasher.needsUpgrade(credentials.passwordHash)
                ? try environment.hasher.hash(password) : nil
        } catch {
            environment.metrics.count("login", "error")
            responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            return
        }
        let playerID = credentials?.player.id ?? 0
        players.recordLogin(playerID: playerID, upgradedPasswordHash: upgradedHash) { result in
            switch result {
            case .success(let view):
                environment.metrics.count("login", "ok")
                responder.respond(environment.sessionResponse(for: view))
            case .failure(let error):
                responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            }
        }
    }
}
