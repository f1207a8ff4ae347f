import Net

/// One HTTP/1.1 server connection: glues a `TCPConnection` to an `HTTPConnectionStateMachine` and the router.
///
/// Owned by its loop (every method runs on `tcp.loop`'s thread; responses from other threads come back through
/// `Responder`, which hops to the loop). It routes each request, stamps the request id, calls the handler, and writes
/// what the state machine emits. To hand the socket to another protocol after an Upgrade, a future handler-facing API
/// replaces `tcp.handler` with the new protocol's `TCPConnectionHandler` once the 101 response is flushed.
final class HTTPConnection: TCPConnectionHandler {
    let tcp: TCPConnection
    private let context: HTTPServerLoopContext
    // Safety (unchecked exclusivity): only the loop thread touches the machine, and the only closures it is handed
    // (`emit`, the `inspect` queries) enqueue bytes on `tcp` or read `tcp`, never this connection, so no access to it
    // can begin while another is in progress. The run-time check cost about 70 instructions per access, about twenty
    // accesses per request.
    @exclusivity(unchecked) private var stateMachine: HTTPConnectionStateMachine
    private var timer: TimerHandle?
    private var timerDeadline: ContinuousClock.Instant?
    private var isProcessing = false
    /// Whether this connection is counted in the server's `connectionsInRequest`.
    private var isCountedServing = false

    init(tcp: TCPConnection, context: HTTPServerLoopContext) {
        self.tcp = tcp
        self.context = context
        stateMachine = HTTPConnectionStateMachine(settings: context.settings, now: .now)
        tcp.handler = self
        armTimer()
    }

    // MARK: TCPConnectionHandler

    func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>) {
        // One clock read for the bytes and the requests they complete (each read cost about 350 instructions).
        let now = ContinuousClock.now
        stateMachine.received(bytes, now: now)
        processReceived(now: now)
    }

    func connectionDidReadEndOfFile(_ connection: TCPConnection) {
        stateMachine.peerClosedInput()
        afterOutput()
    }

    func connectionDidWrite(_ connection: TCPConnection) {
        stateMachine.wrote(now: .now)
        afterOutput()
    }

    func connectionDidClose(_ connection: TCPConnection) {
        stateMachine.closed()
        updateServingCount()
        if let timer { tcp.loop.cancelTimer(timer) }
        timer = nil
        context.connectionClosed(self)
    }

    // MARK: Server side

    /// Since when this connection could be closed to admit another at the cap (see the state machine's), or nil.
    var evictableSince: ContinuousClock.Instant? {
        guard !isProcessing, !tcp.isClosed, tcp.writeQueue.isEmpty else { return nil }
        return stateMachine.evictableSince
    }

    /// Graceful shutdown: stop reading; close now if nothing is in flight.
    func beginShutdown() {
        stateMachine.beginShutdown()
        afterOutput()
    }

    /// A handler's response (loop thread; called through `Responder`).
    func deliver(_ response: consuming HTTPResponse, sequence: UInt64, exchange: HTTPConnectionExchange) {
        // Consumed, not borrowed: adding the field to a copy of a response its caller still held copied the header
        // storage and table.
        response.headers.set("x-request-id", exchange.requestID)
        let now = ContinuousClock.now
        let accepted = stateMachine.complete(sequence: sequence, response: response, date: context.currentDate(),
                                             now: now) { tcp.enqueue($0) }
        guard accepted else { return }
        updateServingCount()
        context.record(exchange: exchange, status: response.status.code, now: now, remoteAddress: tcp.remoteAddress)
        if !isProcessing { afterOutput() }
    }

    // MARK: Private

    /// Turns received bytes into dispatched requests, then writes what they produced in one go. `now` is when the
    /// bytes were read: the requests they complete start then.
    private func processReceived(now: ContinuousClock.Instant) {
        guard !isProcessing else { return }
        isProcessing = true
        while inspect({ $0.shouldRead(queuedBytes: tcp.writeQueue.bufferedBytes) }),
              let event = stateMachine.nextReadEvent(now: now, emit: { tcp.enqueue($0) }) {
            switch event {
            case .request(let request, let sequence): dispatch(request, sequence: sequence, now: now)
            case .parseError(let error, let sequence):
                reject(HTTPResponse.error(error.status, code: error.code, message: error.message), sequence: sequence)
            }
        }
        isProcessing = false
        updateServingCount()
        afterOutput()
    }

    /// Keeps the server's count of connections inside a request in step with the state machine.
    private func updateServingCount() {
        let isServing = inspect { $0.isServingRequest }
        guard isServing != isCountedServing else { return }
        isCountedServing = isServing
        context.connectionServingChanged(isServing: isServing)
    }

    private func dispatch(_ request: HTTPRequest, sequence: UInt64, now: ContinuousClock.Instant) {
        var request = request
        request.requestID = context.requestID(incoming: request.headers[.xRequestID])
        request.remoteAddress = tcp.remoteAddress
        let trace = context.traceContext(incoming: request.headers[.traceparent])
        var exchange = HTTPConnectionExchange(method: request.method.rawValue, path: request.path, routePattern: "unmatched",
                                        requestID: request.requestID, traceID: trace.traceID, startedAt: now)
        switch context.router.resolve(method: request.method, path: request.path) {
        case .matched(let handler, let pattern, let parameters):
            request.pathParameters = parameters
            exchange.routePattern = pattern
            let requestContext = RequestContext(loopIndex: tcp.loop.index, requestID: request.requestID,
                                                routePattern: pattern, trace: trace)
            let responder = Responder(connection: HTTPConnectionHandle(self, loop: tcp.loop), sequence: sequence, exchange: exchange)
            handler(request, requestContext, responder)
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.error(.methodNotAllowed, code: "method_not_allowed",
                                              message: "\(request.method.rawValue) is not allowed on \(request.path); use one of the methods in Allow")
            response.headers.set("allow", allowed.map(\.rawValue).joined(separator: ", "))
            deliver(response, sequence: sequence, exchange: exchange)
        case .notFound:
            deliver(HTTPResponse.error(.notFound, code: "not_found", message: "no route for \(request.path)"),
                    sequence: sequence, exchange: exchange)
        }
    }

    /// Answers a request the server itself refused (parse error, timeout).
    private func reject(_ response: HTTPResponse, sequence: UInt64) {
        let exchange = HTTPConnectionExchange(method: "-", path: "-", routePattern: "unmatched",
                                        requestID: context.requestID(incoming: nil), startedAt: .now)
        deliver(response, sequence: sequence, exchange: exchange)
    }

    /// Flushes, then closes, pauses/resumes reading, resumes parsing buffered requests, and re-arms the timer.
    private func afterOutput() {
        guard !isProcessing, !tcp.isClosed else { return }
        tcp.flush()
        guard !tcp.isClosed else { return }
        if inspect({ $0.shouldClose(queueIsEmpty: tcp.writeQueue.isEmpty) }) {
            if stateMachine.closeShouldLinger && stateMachine.lifecycle != .closed {
                tcp.closeAfterLinger(context.lingerDuration)
            } else {
                tcp.close()
            }
            return
        }
        let shouldRead = inspect { $0.shouldRead(queuedBytes: tcp.writeQueue.bufferedBytes) }
        tcp.isReadingEnabled = shouldRead
        armTimer()
        if shouldRead && inspect({ $0.hasUnprocessedBytes }) { processReceived(now: .now) }
    }

    /// Asks the state machine a question in place. Called on the stored property, a non-mutating query first copies
    /// the whole machine (parser buffers and pending exchanges: a retain and a release each), because the class's
    /// property could change during the call; through `inout` it is borrowed (measured: about 3k a request).
    private func inspect<Answer>(_ query: (inout HTTPConnectionStateMachine) -> Answer) -> Answer {
        query(&stateMachine)
    }

    /// Keeps one loop timer at or before the state machine's deadline (a later deadline is handled when it fires).
    private func armTimer() {
        guard let deadline = inspect({ $0.nextDeadline }) else { return }
        if let current = timerDeadline, timer != nil, current <= deadline { return }
        if let timer { tcp.loop.cancelTimer(timer) }
        timerDeadline = deadline
        timer = tcp.loop.scheduleLoopTimer(after: deadline - .now) { [weak self] in self?.timerFired() }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        switch stateMachine.timerFired(now: .now) {
        case .none:
            armTimer()
        case .close:
            tcp.close()
        case .requestTimedOut(let sequence):
            tcp.isReadingEnabled = false
            reject(HTTPResponse.error(.requestTimeout, code: "request_timeout",
                                      message: "the request did not arrive in time; send it faster"), sequence: sequence)
            afterOutput()
        }
    }
}
