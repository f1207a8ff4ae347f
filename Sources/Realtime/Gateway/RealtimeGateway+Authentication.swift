import Clocks
import WebSocket

extension RealtimeGateway {
    /// Verifies `token` for `session` (loop thread). Success sends `authenticated` and arms the `exp` timer; a token
    /// for another player than the one already authenticated is refused with `forbidden`; any other failure closes
    /// with 4001 (or, for an already authenticated connection, answers `error` and keeps the old identity).
    func authenticate(_ session: RealtimeSession, token: String, deferClose: Bool) {
        let connection = session.connection
        switch verifier(token) {
        case .success(let identity):
            if let current = session.identity, current.playerID != identity.playerID {
                connection.send(text: RealtimeServerMessage.error(
                    requestID: nil, code: "forbidden", message: "token belongs to another player").text)
                return
            }
            let remaining = UnixMilliseconds(identity.expiresAt * 1_000) - clock.now
            guard remaining > .zero else {
                reject(session, .expired(expiredAt: identity.expiresAt), deferClose: deferClose)
                return
            }
            session.authenticate(identity, closeAfter: remaining) { [self] in
                reject(session, .expired(expiredAt: identity.expiresAt), deferClose: false)
            }
            connection.markAuthenticated()
            connection.send(text: RealtimeServerMessage.authenticated(playerID: identity.playerID,
                                                                      expiresAt: identity.expiresAt).text)
        case .failure(let failure):
            if session.identity != nil {
                connection.send(text: RealtimeServerMessage.error(requestID: nil, code: failure.code,
                                                                  message: failure.closeReason).text)
            } else {
                reject(session, failure, deferClose: deferClose)
            }
        }
    }

    /// Closes the connection with the failure's code (4001, or 4003 when suspended) and reason; later messages are ignored. `deferClose` hops
    /// through the loop (needed from `onOpen`, before the session has started).
    func reject(_ session: RealtimeSession, _ failure: RealtimeAuthFailure, deferClose: Bool) {
        session.isRejected = true
        let connection = session.connection
        if deferClose {
            connection.eventLoop.execute {
                connection.close(code: WebSocketCloseCode(rawValue: failure.closeCode), reason: failure.closeReason)
            }
        } else {
            connection.close(code: WebSocketCloseCode(rawValue: failure.closeCode), reason: failure.closeReason)
        }
    }
}
