import Net

/// One upgraded WebSocket connection on its event loop: glues a `TCPConnection` to a
/// `WebSocketConnectionStateMachine` and the application's `WebSocketHandler`.
///
/// Owned by its loop (every method runs on `tcp.loop`'s thread; other threads reach it through `WebSocketConnection`,
/// which hops). Created by `WebSocketUpgradeHandler` before the handler's `onOpen`, so sends made there are held until
/// `start` writes the 101; then it becomes the socket's `TCPConnectionHandler`. Writes are flushed once per read batch
/// or once per burst of sends (the loop context's flush pass, shared by every session of the loop), not once per
/// message.
final class WebSocketSession: TCPConnectionHandler {
    let tcp: TCPConnection
    let handle: WebSocketConnection
    private let context: WebSocketServerLoopContext
    private var stateMachine: WebSocketConnectionStateMachine
    private var isStarted = false
    private var heldUntilStart: [[UInt8]] = []
    private var isFlushScheduled = false
    private var isTransportClosing = false
    private var timer: TimerHandle?
    private var timerDeadline: ContinuousClock.Instant?
    /// Bounds the wait for our final bytes to drain once the transport is closing.
    private var drainTimer: TimerHandle?

    init(tcp: TCPConnection, id: UInt64, context: WebSocketServerLoopContext) {
        self.tcp = tcp
        self.context = context
        stateMachine = WebSocketConnectionStateMachine(settings: context.configuration.connectionSettings, now: .now)
        let reference = WebSocketSessionReference()
        handle = WebSocketConnection(id: id, remoteAddress: tcp.remoteAddress,
                                     maxOutboundBytes: context.configuration.maxOutboundBytes,
                                     session: reference, loop: tcp.loop, onMetric: context.onMetric)
        reference.session = self
    }

    /// The handshake was accepted and its 101 queued: take over the socket and process `leftover` frame bytes that
    /// arrived with the upgrade request.
    func start(leftover: [UInt8]) {
        isStarted = true
        for bytes in heldUntilStart { tcp.enqueue(bytes) }
        heldUntilStart = []
        tcp.handler = self
        context.onMetric(.connectionOpened)
        if leftover.isEmpty {
            tcp.flush()
            armTimer()
        } else {
            connection(tcp, didRead: leftover[...])
        }
    }

    // MARK: TCPConnectionHandler

    func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>) {
        stateMachine.bufferReceived(bytes)
        let now = ContinuousClock.now
        while !tcp.isClosed, let actions = stateMachine.nextFrameActions(now: now) { perform(actions) }
        afterActions()
    }

    func connectionDidReadEndOfFile(_ connection: TCPConnection) {
        perform(stateMachine.peerClosedInput())
        afterActions()
    }

    func connectionDidWrite(_ connection: TCPConnection) {
        if isTransportClosing { closeTransportWhenDrained() }
    }

    func connectionDidClose(_ connection: TCPConnection) {
        if let timer { tcp.loop.cancelTimer(timer) }
        if let drainTimer { tcp.loop.cancelTimer(drainTimer) }
        timer = nil
        drainTimer = nil
        _ = stateMachine.peerClosedInput()
        let status = stateMachine.closeStatus
        let code = status?.code ?? .abnormalClosure
        context.sessionClosed(self)
        context.onMetric(.connectionClosed(code: code))
        context.handler.onClose(handle, code: code, reason: status?.reason ?? "")
    }

    // MARK: Called through the handle

    /// Queues `message` unless closing; cuts the connection off when the outbound buffer would exceed its cap.
    func enqueue(_ message: WebSocketOutboundMessage) {
        let size = message.frameBytes.count
        guard stateMachine.isOpen, !tcp.isClosed else {
            context.onMetric(.messageDropped(bytes: size, reason: .connectionClosed))
            return
        }
        guard isStarted else {
            heldUntilStart.append(message.frameBytes)
            return
        }
        let queued = tcp.writeQueue.bufferedBytes + handle.inFlightByteCount
        guard queued + size <= context.configuration.maxOutboundBytes else {
            context.onMetric(.messageDropped(bytes: size, reason: .slowConsumer))
            cutOffSlowConsumer()
            return
        }
        tcp.enqueue(message.frameBytes)
        context.onMetric(.messageSent(bytes: size))
        scheduleFlush()
    }

    /// The outbound buffer overflowed: drop what the peer has not started to receive, then close with 1008.
    func cutOffSlowConsumer() {
        guard stateMachine.isOpen, isStarted else { return }
        _ = tcp.discardUnsentChunks()
        context.onMetric(.slowConsumerDisconnected)
        let limit = context.configuration.maxOutboundBytes
        perform(stateMachine.close(code: .policyViolation, reason: "slow consumer: more than \(limit) bytes queued",
                                   now: .now))
        afterActions()
    }

    /// Where this session stands in the eviction order at the connection cap (see `WebSocketEvictionRank`).
    var evictionRank: WebSocketEvictionRank {
        let tier: WebSocketEvictionRank.Tier = !isStarted || !stateMachine.isOpen ? .closingOrHandshaking
            : handle.isAuthenticated ? .authenticated : .unauthenticated
        return WebSocketEvictionRank(tier: tier, since: stateMachine.lastReceivedAt)
    }

    /// Evicted at the connection cap: a close frame 1013 with `reason` if still open, then the socket closes at once
    /// (without waiting for the peer's close), so its slot is free for the new connection.
    func evict(reason: String) {
        if isStarted { perform(stateMachine.close(code: .tryAgainLater, reason: reason, now: .now)) }
        tcp.flush()
        tcp.close()
    }

    /// Starts the close handshake from our side.
    func close(code: WebSocketCloseCode, reason: String) {
        guard isStarted else { return }
        perform(stateMachine.close(code: code, reason: reason, now: .now))
        afterActions()
    }

    // MARK: Private

    private func perform(_ actions: [WebSocketConnectionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .write(let bytes): tcp.enqueue(bytes)
            case .deliverText(let text): context.handler.onText(handle, text: text)
            case .deliverBinary(let bytes): context.handler.onBinary(handle, bytes: bytes)
            case .closeTransport: isTransportClosing = true
            }
        }
    }

    /// Flushes; then closes TCP if the state machine asked for it, or re-arms the timer.
    private func afterActions() {
        guard !tcp.isClosed else { return }
        tcp.flush()
        guard !tcp.isClosed else { return }
        if isTransportClosing {
            closeTransportWhenDrained()
        } else {
            armTimer()
        }
    }

    /// Once our last bytes (the close frame) are written, send FIN and wait (bounded) for the peer's FIN, so closing
    /// with unread input does not turn into an RST that loses the close frame. Bounded by `closeTimeout` overall.
    private func closeTransportWhenDrained() {
        guard !tcp.isClosed else { return }
        tcp.flush()
        guard !tcp.isClosed else { return }
        if tcp.writeQueue.isEmpty {
            tcp.closeAfterLinger(context.configuration.closeTimeout)
        } else if drainTimer == nil {
            drainTimer = tcp.loop.scheduleLoopTimer(after: context.configuration.closeTimeout) { [weak self] in
                self?.drainTimer = nil
                self?.tcp.close()
            }
        }
    }

    /// Asks the loop context to flush this session in its next pass (once per burst of sends).
    private func scheduleFlush() {
        guard !isFlushScheduled else { return }
        isFlushScheduled = true
        context.scheduleFlush(self)
    }

    /// The loop context's flush pass reached this session.
    func flushScheduled() {
        isFlushScheduled = false
        afterActions()
    }

    /// Keeps one loop timer at or before the state machine's deadline.
    private func armTimer() {
        guard let deadline = stateMachine.nextDeadline else { return }
        if let current = timerDeadline, timer != nil, current <= deadline { return }
        if let timer { tcp.loop.cancelTimer(timer) }
        timerDeadline = deadline
        timer = tcp.loop.scheduleLoopTimer(after: deadline - .now) { [weak self] in self?.timerFired() }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        perform(stateMachine.timerFired(now: .now))
        afterActions()
    }
}
