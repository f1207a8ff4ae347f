import Clocks
import HTTP
import Locking
import WebSocket

/// The realtime gateway: the `WebSocketHandler` behind `/ws` that authenticates connections, manages their topic
/// subscriptions with the `RealtimeHub`, and carries bids and merges to the injected `RealtimeCommands`.
///
/// One instance serves every connection; callbacks run on each connection's loop and never block. Per-connection
/// state lives in a loop-owned `RealtimeSession`, found through a small map behind a `Locked` (held only for the
/// lookup). Authentication: `?token=` at the handshake or an `auth` message within `authenticationDeadline`; any
/// failure, the deadline and the token's `exp` close the socket with 4001 and a reason.
public final class RealtimeGateway: WebSocketHandler {
    /// 4001: the private-use close code for authentication failures (RFC 6455 §7.4.2).
    public static let authenticationFailedCode = WebSocketCloseCode(rawValue: 4001)

    let configuration: RealtimeConfiguration
    let hub: RealtimeHub
    let verifier: TokenVerifier
    let commands: any RealtimeCommands
    let metrics: RealtimeMetrics
    /// The wall clock the token's `exp` is measured against (injected so tests can place `exp` precisely).
    let clock: any WallClock
    /// Decides, before the upgrade, whether this node takes the connection: nil admits it, a response refuses the
    /// handshake with it (a standby refusing a socket that must reach the primary; see `ReplicationWriteGuard`).
    let admission: @Sendable (HTTPRequest) -> HTTPResponse?
    private let sessions = Locked<[UInt64: RealtimeSession]>([:])

    /// - Parameters:
    ///   - verifier: checks tokens (wired to the API's JWT signer); called on the loops.
    ///   - commands: bids and merges over the socket, on the REST routes' code path.
    ///   - clock: the wall clock, for the `exp` timer.
    ///   - admission: runs on the loop for each handshake before anything else; nil admits, a response refuses.
    public init(configuration: RealtimeConfiguration, hub: RealtimeHub, verifier: @escaping TokenVerifier,
                commands: any RealtimeCommands, metrics: RealtimeMetrics,
                clock: any WallClock = SystemClock(),
                admission: @escaping @Sendable (HTTPRequest) -> HTTPResponse? = { _ in nil }) {
        self.configuration = configuration
        self.hub = hub
        self.verifier = verifier
        self.commands = commands
        self.metrics = metrics
        self.clock = clock
        self.admission = admission
    }

    /// Connections with gateway state (diagnostics and tests).
    public var sessionCount: Int { sessions.withLock { $0.count } }

    /// Closes (4001 "token revoked", or `failure`'s code and reason: 4003 "account suspended") every connection of
    /// `playerID` authenticated with a token of a generation below `tokenGeneration`; returns how many connections
    /// were checked. Any thread (the `EventBus` listener of
    /// `sessions_revoked` runs on the writer thread): the lock is held only to copy the sessions, and each check
    /// runs on its connection's loop, which owns the session's identity.
    @discardableResult
    public func closeSessions(playerID: Int64, tokenGenerationBelow tokenGeneration: Int64,
                              as failure: RealtimeAuthFailure = .revoked) -> Int {
        let all = sessions.withLock { Array($0.values) }
        var byLoop: [Int: [RealtimeSession]] = [:]
        for session in all { byLoop[session.connection.eventLoop.index, default: []].append(session) }
        for sessions in byLoop.values {
            guard let loop = sessions.first?.connection.eventLoop else { continue }
            loop.execute { [self] in
                for session in sessions {
                    guard !session.isRejected, let identity = session.identity, identity.playerID == playerID,
                          identity.tokenGeneration < tokenGeneration else { continue }
                    reject(session, failure, deferClose: false)
                }
            }
        }
        return all.count
    }

    /// The reason sent with 1012 when this node handed its primary role over (`worldgame switchover`).
    public static let switchoverCloseReason = "switchover: reconnect to the new primary, then resume"

    /// Closes every connection with `code` and `reason` (a node that handed its primary role over closes them with
    /// 1012 "service restart", so clients reconnect to the new primary and `resume` there); returns how many. Any
    /// thread: the lock is held only to copy the sessions; each close runs on its connection's loop.
    @discardableResult
    public func closeAll(code: WebSocketCloseCode, reason: String) -> Int {
        let all = sessions.withLock { Array($0.values) }
        for session in all { session.connection.close(code: code, reason: reason) }
        return all.count
    }

    // MARK: WebSocketHandler

    public func onOpen(_ connection: WebSocketConnection, request: HTTPRequest) -> WebSocketOpenDecision {
        if let refusal = admission(request) { return .reject(refusal) }
        let session = RealtimeSession(connection: connection, topicLimit: configuration.maxTopicsPerConnection)
        sessions.withLock { $0[connection.id] = session }
        if let token = request.queryValue("token") {
            // The session is not started yet: a close must wait until the 101 is out, so it goes through the loop.
            authenticate(session, token: token, deferClose: true)
        } else {
            let deadline = configuration.authenticationDeadline
            session.armAuthDeadline(deadline) { [self] in
                guard session.identity == nil, !session.isRejected else { return }
                let milliseconds = deadline.components.seconds * 1_000 + deadline.components.attoseconds / 1_000_000_000_000_000
                reject(session, .missingToken(deadlineMilliseconds: milliseconds), deferClose: false)
            }
        }
        return .accept
    }

    public func onText(_ connection: WebSocketConnection, text: String) {
        guard let session = sessions.withLock({ $0[connection.id] }), !session.isRejected else { return }
        let limits = RealtimeClientMessage.Limits(maxTopicsPerMessage: configuration.maxTopicsPerConnection,
                                                  maxRequestIDBytes: configuration.maxRequestIDBytes,
                                                  maxTokenBytes: configuration.maxTokenBytes,
                                                  maxMergeSquares: configuration.maxMergeSquares)
        let message: RealtimeClientMessage
        do {
            message = try RealtimeClientMessage.parse(text, limits: limits)
        } catch {
            let requestID = RealtimeClientMessage.requestID(of: text, limitBytes: configuration.maxRequestIDBytes)
            send(.error(requestID: requestID, code: error.code, message: error.message), to: connection)
            return
        }
        handle(message, session: session)
    }

    public func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        guard let session = sessions.withLock({ $0.removeValue(forKey: connection.id) }) else { return }
        let topics = session.end()
        if !topics.isEmpty { hub.unsubscribe(connection, from: topics.map(\.key)) }
    }

    // MARK: Messages

    private func handle(_ message: RealtimeClientMessage, session: RealtimeSession) {
        let connection = session.connection
        switch message {
        case .ping:
            send(.pong, to: connection)
        case .auth(let token):
            authenticate(session, token: token, deferClose: false)
        case .subscribe, .unsubscribe, .resume, .bid, .merge:
            guard let identity = session.identity else {
                send(.error(requestID: Self.requestID(of: message), code: "missing_token",
                            message: "authenticate first (auth message or ?token=)"), to: connection)
                return
            }
            handleAuthenticated(message, identity: identity, session: session)
        }
    }

    private func handleAuthenticated(_ message: RealtimeClientMessage, identity: RealtimeIdentity, session: RealtimeSession) {
        let connection = session.connection
        switch message {
        case .subscribe(let names):
            do {
                let topics = try session.subscriptions.add(names, requesterID: identity.playerID)
                let seqs = hub.subscribe(connection, to: topics.map(\.key))
                send(.subscribed(topics: zip(topics, seqs).map { ($0.clientName, $1.latestSeq) }), to: connection)
            } catch {
                send(.error(requestID: nil, code: error.code, message: error.message), to: connection)
            }
        case .unsubscribe(let names):
            do {
                let topics = try session.subscriptions.remove(names, requesterID: identity.playerID)
                hub.unsubscribe(connection, from: topics.map(\.key))
                send(.unsubscribed(topics: topics.map(\.clientName)), to: connection)
            } catch {
                send(.error(requestID: nil, code: error.code, message: error.message), to: connection)
            }
        case .resume(let name, let fromSeq):
            resume(session, name: name, fromSeq: fromSeq, identity: identity)
        case .bid(let auctionID, let amount, let requestID, let traceparent):
            run(session, requestID: requestID) { [commands] completion in
                commands.placeBid(playerID: identity.playerID, auctionID: auctionID, amount: amount,
                                  requestID: requestID, traceparent: traceparent, completion: completion)
            }
        case .merge(let squareIDs, let requestID):
            run(session, requestID: requestID) { [commands] completion in
                commands.merge(playerID: identity.playerID, squareIDs: squareIDs, completion: completion)
            }
        case .ping, .auth:
            break
        }
    }

    private func resume(_ session: RealtimeSession, name: String, fromSeq: Int64, identity: RealtimeIdentity) {
        let connection = session.connection
        let topic: RealtimeTopic
        do {
            guard let added = try session.subscriptions.add([name], requesterID: identity.playerID).first else { return }
            topic = added
        } catch {
            send(.error(requestID: nil, code: error.code, message: error.message), to: connection)
            return
        }
        // On the connection's loop: the replay is queued before any event the writer publishes from now on.
        switch hub.resume(connection, topic: topic.key, fromSeq: fromSeq) {
        case .replay(let messages, let latestSeq):
            send(.subscribed(topics: [(topic.clientName, latestSeq)]), to: connection)
            for message in messages { connection.send(message) }
            if !messages.isEmpty { metrics.eventsSent.increment(by: Int64(messages.count)) }
        case .resync(let latestSeq):
            send(.resync(topic: topic.clientName, latestSeq: latestSeq), to: connection)
        }
    }

    /// Starts one command if the connection has a free slot, and answers `result` or `error` with its `requestId`.
    private func run(_ session: RealtimeSession, requestID: String,
                     _ start: (@escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) -> Void) {
        let connection = session.connection
        guard session.reserveCommand(limit: configuration.maxCommandsInFlightPerConnection) else {
            send(.error(requestID: requestID, code: "too_many_requests",
                        message: "at most \(configuration.maxCommandsInFlightPerConnection) commands in flight"),
                 to: connection)
            return
        }
        start { result in
            // The answer is built on the connection's loop, not on the thread that completed the command (the
            // writer's): the result's JSON, the message text and the frame.
            let loop = connection.eventLoop
            if loop.inEventLoop {
                Self.answer(result, requestID: requestID, session: session)
            } else {
                loop.execute { Self.answer(result, requestID: requestID, session: session) }
            }
        }
    }

    /// Sends a command's `result` or `error` (loop thread) and frees its slot.
    private static func answer(_ result: Result<RealtimeCommandResult, RealtimeCommandError>, requestID: String,
                               session: RealtimeSession) {
        session.releaseCommand()
        switch result {
        case .success(let answer):
            let message = RealtimeServerMessage.result(requestID: requestID, resultJSON: answer.json)
            session.connection.send(text: message.text)
        case .failure(let failure):
            session.connection.send(text: RealtimeServerMessage.error(requestID: requestID, code: failure.code,
                                                                      message: failure.message).text)
        }
    }

    private static func requestID(of message: RealtimeClientMessage) -> String? {
        switch message {
        case .bid(_, _, let requestID, _), .merge(_, let requestID): requestID
        default: nil
        }
    }

    private func send(_ message: RealtimeServerMessage, to connection: WebSocketConnection) {
        connection.send(text: message.text)
    }
}
