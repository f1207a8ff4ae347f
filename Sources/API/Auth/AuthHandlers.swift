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
            let body = try RequestBody(request, allowedFields: ["username", "password"],
                                       limitBytes: environment.configuration.maxBodyBytes)
            let username = try body.string("username", length: 1...64)
            let password = Redacted(try body.string("password", length: Self.passwordLength))
            try Username.validate(username)
            let taken = try environment.readers.reader(context.loopIndex).read { database in
                try Players.exists(username: username, in: database)
            }
            if taken { throw GameError.usernameTaken(username: username) }
            do {
                try environment.hashingPool.enqueue { [players] in
                    Self.finishRegistration(username: username, password: password, requestID: context.requestID,
                                            environment: environment, players: players, responder: responder)
                }
            } catch {
                environment.metrics.count("register", "busy")
                throw error
            }
            return nil
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
                let token = environment.issueToken(for: view.player)
                responder.respond(APIResponses.json(
                    ["player": GameJSON.player(view), "token": .string(token.token),
                     "expiresAt": Timestamp.json(token.expiresAtMilliseconds)],
                    status: .created))
            case .failure(let error):
                environment.metrics.count("register", "rejected")
                responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            }
        }
    }

    func login(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let body = try RequestBody(request, allowedFields: ["username", "password"],
                                       limitBytes: environment.configuration.maxBodyBytes)
            let username = try body.string("username", length: 1...64)
            let password = Redacted(try body.string("password", length: 1...Self.passwordLength.upperBound))
            let address = LoginRateLimiter.host(ofRemoteAddress: request.remoteAddress)
            if case .limited(let seconds) = environment.loginLimiter.acquire(username: username, address: address) {
                environment.metrics.count("login", "limited")
                throw RateLimitedError(retryAfterSeconds: seconds, scope: "login")
            }
            let credentials = try environment.readers.reader(context.loopIndex).read { database in
                try Players.credentials(username: username, in: database)
            }
            do {
                try environment.hashingPool.enqueue { [players] in
                    Self.finishLogin(credentials: credentials, password: password, requestID: context.requestID,
                                     environment: environment, players: players, responder: responder)
                }
            } catch {
                environment.metrics.count("login", "busy")
                throw error
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
                let token = environment.issueToken(for: view.player)
                responder.respond(APIResponses.json(
                    ["token": .string(token.token), "expiresAt": Timestamp.json(token.expiresAtMilliseconds),
                     "player": GameJSON.player(view)]))
            case .failure(let error):
                responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            }
        }
    }
}
