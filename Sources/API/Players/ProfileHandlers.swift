import Engine
import Game
import HTTP
import Store

/// `POST /api/me/password` and `POST /api/me/sessions/revoke`: a player changes their password, or signs out every
/// other session; both answer 200 with a fresh token for the caller, as login does.
///
/// Both raise the player's token generation (`Players.revokeSessions`), so every token issued before (the caller's
/// own included) fails its next authentication on REST and the WebSocket, and the committed `sessions_revoked` event
/// closes the player's open sockets of older generations. Validation, rate limits (429 with `Retry-After`) and errors
/// (401 `invalid_credentials` for a wrong current password) are login's. The password is checked and hashed on the
/// `HashingPool`, the change goes to the node's `PlayerService`, and the answer leaves after the commit is durable.
struct ProfileHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator
    let players: PlayerService

    func changePassword(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let body = try environment.body(request, allowing: ["currentPassword", "newPassword"])
            let current = Redacted(try body.string("currentPassword", length: 1...AuthHandlers.passwordLength.upperBound))
            let new = Redacted(try body.string("newPassword", length: AuthHandlers.passwordLength))
            let credentials = try environment.readers.reader(context.loopIndex).read { database in
                try Players.credentials(playerID: caller.playerID, in: database)
            }
            guard let credentials else { throw AuthError.unknownPlayer(playerID: String(caller.playerID)) }
            try Self.acquire(environment.loginLimiter, scope: "password change", username: credentials.player.username,
                             request: request, environment: environment)
            do {
                try environment.hashingPool.enqueue { [players] in
                    Self.finishPasswordChange(credentials: credentials, current: current, new: new,
                                              requestID: context.requestID, environment: environment, players: players,
                                              responder: responder)
                }
            } catch {
                environment.metrics.count("password_change", "busy")
                throw error
            }
            return nil
        }
    }

    /// On a hashing thread: check the current password, hash the new one, then store it and sign every session out.
    private static func finishPasswordChange(credentials: PlayerCredentials, current: Redacted<String>,
                                             new: Redacted<String>, requestID: String, environment: APIEnvironment,
                                             players: PlayerService, responder: Responder) {
        let newHash: String
        do {
            guard try environment.hasher.verify(current, against: credentials.passwordHash) else {
                environment.metrics.count("password_change", "rejected")
                responder.respond(AuthError.invalidCredentials.response)
                return
            }
            newHash = try environment.hasher.hash(new)
        } catch {
            responder.respond(APIResponses.response(for: error, requestID: requestID, logger: environment.logger))
            return
        }
        players.changePassword(playerID: credentials.player.id, from: credentials.passwordHash, to: newHash) { result in
            answer(result, operation: "password_change", requestID: requestID, environment: environment,
                   responder: responder)
        }
    }

    func revokeSessions(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            if !request.body.isEmpty {
                _ = try environment.body(request, allowing: [])
            }
            let player = try environment.readers.reader(context.loopIndex).read { database in
                try Players.find(id: caller.playerID, in: database)
            }
            guard let player else { throw AuthError.unknownPlayer(playerID: String(caller.playerID)) }
            try Self.acquire(environment.sessionLimiter, scope: "sign-out", username: player.username,
                             request: request, environment: environment)
            let requestID = context.requestID
            players.revokeSessions(playerID: caller.playerID) { result in
                Self.answer(result.map { Optional($0) }, operation: "sessions_revoke", requestID: requestID,
                            environment: environment, responder: responder)
            }
            return nil
        }
    }

    /// Takes a token from `limiter` for the player's name and the client address, or throws 429 with `Retry-After`.
    private static func acquire(_ limiter: LoginRateLimiter, scope: String, username: String, request: HTTPRequest,
                                environment: APIEnvironment) throws {
        let address = LoginRateLimiter.host(ofRemoteAddress: request.remoteAddress)
        if case .limited(let seconds) = limiter.acquire(username: username, address: address) {
            environment.metrics.count(scope == "sign-out" ? "sessions_revoke" : "password_change", "limited")
            throw RateLimitedError(retryAfterSeconds: seconds, scope: scope)
        }
    }

    /// The service's answer: 200 with a fresh token (of the new generation) and the player, as login answers; nil means
    /// the password changed meanwhile, answered as a wrong current password.
    private static func answer(_ result: Result<PlayerView?, any Error>, operation: String, requestID: String,
                               environment: APIEnvironment, responder: Responder) {
        switch result {
        case .success(let view?):
            environment.metrics.count(operation, "ok")
            responder.respond(environment.sessionResponse(for: view))
        case .success(nil):
            environment.metrics.count(operation, "rejected")
            responder.respond(AuthError.invalidCredentials.response)
        case .failure(let error):
            responder.respond(APIResponses.response(for: error, requestID: requestID, logger: environment.logger))
        }
    }
}
