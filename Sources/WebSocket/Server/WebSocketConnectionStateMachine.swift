/// The protocol and lifecycle logic of one WebSocket connection (RFC 6455 §5-§7), as a value that takes inputs and
/// returns actions.
///
/// Owned by the connection's event loop (a plain value inside `WebSocketSession`); no I/O, no clock of its own: every
/// input carries `now`, so tests drive it with a manual clock and without sockets (the Hummingbird style). It
/// reassembles fragmented messages, validates text incrementally, answers pings, runs the close handshake (echo the
/// peer's code; the server closes TCP after both close frames), fails the connection with the right close code on a
/// protocol error, pings an idle peer and drops it when no frame arrives within the pong timeout.
public struct WebSocketConnectionStateMachine: Sendable {
    /// Limits and timers of a connection (a copy of the server configuration's values).
    public struct Settings: Sendable, Equatable {
        /// Largest frame payload accepted (1009 beyond it).
        public var maxFrameBytes: Int
        /// Largest reassembled message accepted (1009 beyond it).
        public var maxMessageBytes: Int
        /// With nothing received for this long the server sends a ping.
        public var pingInterval: Duration
        /// After that ping, the connection is dropped unless some frame arrives within this.
        public var pongTimeout: Duration
        /// After sending a close frame, how long to wait for the peer's before closing TCP anyway.
        public var closeTimeout: Duration

        public init(maxFrameBytes: Int = 1 << 20, maxMessageBytes: Int = 4 << 20, pingInterval: Duration = .seconds(30),
                    pongTimeout: Duration = .seconds(30), closeTimeout: Duration = .seconds(5)) {
            self.maxFrameBytes = maxFrameBytes
            self.maxMessageBytes = maxMessageBytes
            self.pingInterval = pingInterval
            self.pongTimeout = pongTimeout
            self.closeTimeout = closeTimeout
        }
    }

    /// What the connection must do, in order.
    public enum Action: Sendable, Equatable {
        /// Queue these wire bytes (one encoded frame).
        case write([UInt8])
        /// A complete, valid text message arrived.
        case deliverText(String)
        /// A complete binary message arrived.
        case deliverBinary([UInt8])
        /// Flush what is queued, then close TCP (the server side closes first, §7.1.1). Emitted once.
        case closeTransport
    }

    /// Where the connection is in its life.
    public enum Lifecycle: Sendable, Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's until `deadline`; incoming data frames are discarded.
        case closeSent(deadline: ContinuousClock.Instant)
        /// The close handshake finished or the connection failed; TCP is (being) closed, input is ignored.
        case closed
    }

    /// Why the connection ended, as reported to the application (§7.1.5/§7.1.6).
    public struct CloseStatus: Sendable, Equatable {
        public var code: WebSocketCloseCode
        public var reason: String
        /// Whether the peer sent the first close frame (or vanished); false when the server closed or failed it.
        public var initiatedByPeer: Bool
    }

    public let settings: Settings
    public internal(set) var lifecycle: Lifecycle = .open
    /// Set once the connection starts to close; `nil` while open.
    public internal(set) var closeStatus: CloseStatus?
    var decoder: WebSocketFrameDecoder
    /// The opcode (text or binary) of the fragmented message in progress.
    var messageOpcode: WebSocketOpcode?
    var messageBuffer: [UInt8] = []
    var validator = WebSocketUTF8Validator()
    var lastReceivedAt: ContinuousClock.Instant
    var pingSentAt: ContinuousClock.Instant?

    public init(settings: Settings, now: ContinuousClock.Instant) {
        self.settings = settings
        decoder = WebSocketFrameDecoder(role: .server, maxFrameBytes: settings.maxFrameBytes)
        lastReceivedAt = now
    }

    /// Whether application messages may still be sent (false once a close frame went out or came in).
    public var isOpen: Bool { lifecycle == .open }

    /// When `timerFired` must next be called, or nil when no timer is needed.
    public var nextDeadline: ContinuousClock.Instant? {
        switch lifecycle {
        case .open:
            if let pingSentAt { return pingSentAt + settings.pongTimeout }
            return lastReceivedAt + settings.pingInterval
        case .closeSent(let deadline): return deadline
        case .closed: return nil
        }
    }

    /// Bytes arrived from the peer; returns the actions of every complete frame among them. Use `bufferReceived` and
    /// `nextFrameActions` instead when actions must run between frames (so an echo of one message goes out before
    /// the failure a later frame in the same read causes).
    public mutating func received(_ bytes: some Collection<UInt8>, now: ContinuousClock.Instant) -> [Action] {
        bufferReceived(bytes)
        var actions: [Action] = []
        while let frameActions = nextFrameActions(now: now) { actions += frameActions }
        return actions
    }

    /// Buffers bytes from the peer for `nextFrameActions` (ignored once closed).
    public mutating func bufferReceived(_ bytes: some Collection<UInt8>) {
        guard lifecycle != .closed else { return }
        decoder.append(bytes)
    }

    /// Decodes and handles the next complete buffered frame; nil when none is complete (or the connection closed).
    public mutating func nextFrameActions(now: ContinuousClock.Instant) -> [Action]? {
        guard lifecycle != .closed else { return nil }
        var actions: [Action] = []
        do {
            guard let frame = try decoder.next() else { return nil }
            lastReceivedAt = now
            pingSentAt = nil
            handle(frame, now: now, into: &actions)
        } catch {
            fail(error, into: &actions)
        }
        return actions
    }

    /// The wire bytes of a data message to send, or nil when the connection no longer sends messages.
    public func encodeMessage(opcode: WebSocketOpcode, payload: some Collection<UInt8>) -> [UInt8]? {
        guard isOpen else { return nil }
        return WebSocketFrameEncoder.encode(opcode: opcode, payload: payload)
    }

    /// Starts the close handshake from our side (application close, shutdown 1001, slow consumer 1008).
    /// Does nothing unless open.
    public mutating func close(code: WebSocketCloseCode, reason: String, now: ContinuousClock.Instant) -> [Action] {
        guard isOpen else { return [] }
        closeStatus = CloseStatus(code: code, reason: reason, initiatedByPeer: false)
        lifecycle = .closeSent(deadline: now + settings.closeTimeout)
        let payload = WebSocketFrameEncoder.closePayload(code: code, reason: reason)
        return [.write(WebSocketFrameEncoder.encode(opcode: .close, payload: payload))]
    }

    /// The timer for `nextDeadline` fired (possibly early or late; the machine re-checks against `now`).
    public mutating func timerFired(now: ContinuousClock.Instant) -> [Action] {
        switch lifecycle {
        case .closed:
            return []
        case .closeSent(let deadline):
            guard now >= deadline else { return [] }
            lifecycle = .closed
            return [.closeTransport]
        case .open:
            if let pingSentAt {
                guard now >= pingSentAt + settings.pongTimeout else { return [] }
                closeStatus = CloseStatus(code: .abnormalClosure, reason: "no frame from the peer within the pong timeout",
                                          initiatedByPeer: true)
                lifecycle = .closed
                return [.closeTransport]
            }
            guard now >= lastReceivedAt + settings.pingInterval else { return [] }
            pingSentAt = now
            return [.write(WebSocketFrameEncoder.encode(opcode: .ping, payload: [UInt8]()))]
        }
    }

    /// The peer shut down its sending side (TCP FIN) or the socket failed: nothing more can be exchanged.
    public mutating func peerClosedInput() -> [Action] {
        guard lifecycle != .closed else { return [] }
        if closeStatus == nil {
            closeStatus = CloseStatus(code: .abnormalClosure, reason: "the peer closed TCP without a close frame",
                                      initiatedByPeer: true)
        }
        lifecycle = .closed
        return [.closeTransport]
    }

    /// Fails the connection (§7.1.7): a close frame with the error's code, then TCP close. No more input is parsed.
    mutating func fail(_ error: WebSocketProtocolError, into actions: inout [Action]) {
        if isOpen {
            let payload = WebSocketFrameEncoder.closePayload(code: error.closeCode, reason: error.closeReason)
            actions.append(.write(WebSocketFrameEncoder.encode(opcode: .close, payload: payload)))
            closeStatus = CloseStatus(code: error.closeCode, reason: error.closeReason, initiatedByPeer: false)
        }
        lifecycle = .closed
        actions.append(.closeTransport)
    }
}
