/// The protocol and lifecycle logic of one HTTP/1.1 server connection, as a value that returns what to do.
///
/// It owns the request parser, numbers requests, keeps their responses in request order (a pipelined response that
/// completes early waits for the ones before it), decides keep-alive and close, and tracks the read/idle deadlines.
/// It performs no I/O and reads no clock: the caller passes `now` and a sink for outbound bytes, so tests drive it
/// without sockets (the Hummingbird habit). Owned by `HTTPConnection` on the connection's loop.
struct HTTPConnectionStateMachine {
    /// The limits and timeouts the machine enforces.
    struct Settings {
        var limits: HTTPParserLimits
        var idleTimeout: Duration
        var headerReadTimeout: Duration
        var bodyReadTimeout: Duration
        var maxOutboundBytes: Int
        var maxPipelinedRequests: Int
    }

    /// What the connection must handle after reading.
    enum ReadEvent {
        /// Route and dispatch `request`; answer with `complete(sequence:)`.
        case request(HTTPRequest, sequence: UInt64)
        /// The bytes were not a valid request: answer `error.status` with `complete(sequence:)`; the connection
        /// closes after that response.
        case parseError(HTTPParseError, sequence: UInt64)
    }

    /// What to do when the connection's timer fires.
    enum TimeoutAction: Equatable {
        /// Nothing is due yet; arm the timer for `nextDeadline`.
        case none
        /// A request head or body did not arrive in time: answer 408 with `complete(sequence:)`, then close.
        case requestTimedOut(sequence: UInt64)
        /// Idle too long: close without a response.
        case close
    }

    /// Where the connection is in its life.
    enum Lifecycle: Equatable {
        /// Reading and serving requests.
        case open
        /// No more requests are read; close once every pending response is written.
        case draining
        case closed
    }

    /// Which read deadline applies.
    private enum ReadPhase {
        case betweenRequests
        case head(since: ContinuousClock.Instant)
        case body(since: ContinuousClock.Instant)
    }

    /// A request that was dispatched (or rejected) and whose response is not written yet.
    private struct Exchange {
        var sequence: UInt64
        var isHeadRequest: Bool
        var keepAlive: Bool
        /// The response's head, once it arrived.
        var serialized: [UInt8]?
        /// The body written after the head (empty when none goes on the wire).
        var body: [UInt8] = []
    }

    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    let settings: Settings
    private(set) var lifecycle = Lifecycle.open
    /// True once an error response was queued: the close should linger so the peer still reads it.
    private(set) var closeShouldLinger = false
    private var parser: HTTPRequestParser
    private var pending: [Exchange] = []
    private var nextSequence: UInt64 = 0
    private var readPhase = ReadPhase.betweenRequests
    private var lastActivity: ContinuousClock.Instant
    private var owesContinue = false
    /// True when the parser asked for more bytes; false while parsed-but-unprocessed bytes may remain (after a pause).
    private var needsMoreBytes = true

    init(settings: Settings, now: ContinuousClock.Instant) {
        self.settings = settings
        parser = HTTPRequestParser(limits: settings.limits)
        lastActivity = now
        pending.reserveCapacity(4)
    }

    /// Number of requests dispatched whose responses are not written yet.
    var pendingCount: Int { pending.count }

    /// Whether the socket should be read, given the bytes waiting in the outbound queue (backpressure).
    func shouldRead(queuedBytes: Int) -> Bool {
        lifecycle == .open && queuedBytes < settings.maxOutboundBytes && pending.count < settings.maxPipelinedRequests
    }

    /// Whether `nextReadEvent` could produce an event from bytes already received (reading was paused by
    /// backpressure or the pipelining cap before the parser ran out of bytes).
    var hasUnprocessedBytes: Bool { lifecycle == .open && !needsMoreBytes }

    /// Since when the connection has held a slot without serving anything, or nil while it serves a request. At the
    /// connection cap the server closes the connection evictable the longest to admit a new one: open with nothing
    /// dispatched, and either between requests (since the last read or write) or still receiving a request head
    /// (since the head began, so a slowloris ranks by how long it has been dribbling). A body upload is never evicted.
    var evictableSince: ContinuousClock.Instant? {
        guard lifecycle == .open, pending.isEmpty else { return nil }
        switch readPhase {
        case .betweenRequests: return lastActivity
        case .head(let since): return since
        case .body: return nil
        }
    }

    /// Whether the connection is inside a request: a request head was read and its body is still arriving, or a
    /// request was dispatched (or rejected) and its response is not written yet. The complement of being evictable
    /// while open: such a connection is never closed to admit another.
    var isServingRequest: Bool {
        guard lifecycle != .closed else { return false }
        if !pending.isEmpty { return true }
        if case .body = readPhase { return true }
        return false
    }

    /// Whether the connection should close now, given whether its outbound queue is empty.
    func shouldClose(queueIsEmpty: Bool) -> Bool {
        lifecycle == .closed || (lifecycle == .draining && pending.isEmpty && queueIsEmpty)
    }

    /// Bytes arrived from the peer.
    mutating func received(_ bytes: some Collection<UInt8>, now: ContinuousClock.Instant) {
        lastActivity = now
        guard lifecycle == .open else { return }
        parser.append(bytes)
        needsMoreBytes = false
    }

    /// The next request (or parse error) from received bytes; nil when more bytes are needed or reading is paused.
    /// `emit` receives bytes to write at once (`100 Continue`).
    mutating func nextReadEvent(now: ContinuousClock.Instant, emit: ([UInt8]) -> Void) -> ReadEvent? {
        while lifecycle == .open && pending.count < settings.maxPipelinedRequests {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                let sequence = appendExchange(isHeadRequest: false, keepAlive: false)
                lifecycle = .draining
                closeShouldLinger = true
                readPhase = .betweenRequests
                return .parseError(error, sequence: sequence)
            }
            switch event {
            case nil:
                needsMoreBytes = true
                if parser.isMidRequest, case .betweenRequests = readPhase { readPhase = .head(since: now) }
                return nil
            case .headComplete(let expectsContinue):
                readPhase = .body(since: now)
                if expectsContinue {
                    if pending.isEmpty { emit(Self.continueBytes) } else { owesContinue = true }
                }
            case .request(let request):
                readPhase = parser.isMidRequest ? .head(since: now) : .betweenRequests
                owesContinue = false
                let sequence = appendExchange(isHeadRequest: request.method == .head, keepAlive: request.keepAlive)
                if !request.keepAlive { lifecycle = .draining }
                return .request(request, sequence: sequence)
            }
        }
        return nil
    }

    /// The response for `sequence` is ready. Serializes it and emits every response that is now first in line.
    /// Returns false (and emits nothing) if the sequence is unknown, already answered, or the connection closed.
    @discardableResult
    mutating func complete(sequence: UInt64, response: HTTPResponse, date: String,
                           now: ContinuousClock.Instant, emit: ([UInt8]) -> Void) -> Bool {
        guard lifecycle != .closed, let first = pending.first, sequence >= first.sequence,
              sequence - first.sequence < UInt64(pending.count) else { return false }
        let index = Int(sequence - first.sequence)
        guard pending[index].serialized == nil else { return false }
        lastActivity = now
        var keepAlive = pending[index].keepAlive
        if response.headers.hasToken("close", in: .connection) { keepAlive = false }
        if lifecycle == .draining && index == pending.count - 1 { keepAlive = false }
        pending[index].keepAlive = keepAlive
        let isHeadRequest = pending[index].isHeadRequest
        pending[index].serialized = HTTPResponseSerializer.serializeHead(
            response, keepAlive: keepAlive, isHeadRequest: isHeadRequest, date: date)
        if HTTPResponseSerializer.sendsBody(response, isHeadRequest: isHeadRequest) { pending[index].body = response.body }
        emitReadyResponses(emit)
        return true
    }

    /// The peer will send nothing more. Pending requests are still answered, then the connection closes.
    mutating func peerClosedInput() {
        guard lifecycle == .open else { return }
        lifecycle = .draining
        markLastPendingClosing()
    }

    /// Graceful shutdown: read no more requests; finish the dispatched ones with `connection: close` on the last.
    mutating func beginShutdown() {
        guard lifecycle == .open else { return }
        lifecycle = .draining
        markLastPendingClosing()
    }

    /// The socket closed; late responses are dropped.
    mutating func closed() {
        lifecycle = .closed
        pending.removeAll()
    }

    /// Bytes were written to the peer (progress keeps a slow reader from counting as idle).
    mutating func wrote(now: ContinuousClock.Instant) {
        lastActivity = now
    }

    /// When the connection's timer must next fire.
    var nextDeadline: ContinuousClock.Instant? {
        guard lifecycle != .closed else { return nil }
        if isReadingRequest, case .head(let since) = readPhase { return since + settings.headerReadTimeout }
        if isReadingRequest, case .body(let since) = readPhase { return since + settings.bodyReadTimeout }
        return lastActivity + settings.idleTimeout
    }

    /// The timer fired at `now`.
    mutating func timerFired(now: ContinuousClock.Instant) -> TimeoutAction {
        guard let deadline = nextDeadline, deadline <= now else { return .none }
        if isReadingRequest {
            readPhase = .betweenRequests
            lifecycle = .draining
            closeShouldLinger = true
            lastActivity = now
            return .requestTimedOut(sequence: appendExchange(isHeadRequest: false, keepAlive: false))
        }
        lifecycle = .closed
        pending.removeAll()
        return .close
    }

    /// Whether a request is partly received and the read deadlines apply (not while we paused reading ourselves).
    private var isReadingRequest: Bool {
        guard lifecycle == .open, pending.count < settings.maxPipelinedRequests else { return false }
        if case .betweenRequests = readPhase { return false }
        return true
    }

    private mutating func appendExchange(isHeadRequest: Bool, keepAlive: Bool) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        pending.append(Exchange(sequence: sequence, isHeadRequest: isHeadRequest, keepAlive: keepAlive))
        return sequence
    }

    private mutating func markLastPendingClosing() {
        guard let last = pending.indices.last else { return }
        pending[last].keepAlive = false
    }

    private mutating func emitReadyResponses(_ emit: ([UInt8]) -> Void) {
        var written = 0
        while written < pending.count, let bytes = pending[written].serialized {
            emit(bytes)
            // A separate chunk: the gathered write sends head and body without copying the body.
            if !pending[written].body.isEmpty { emit(pending[written].body) }
            written += 1
            if !pending[written - 1].keepAlive {
                lifecycle = .draining
                written = pending.count
            }
        }
        pending.removeFirst(written)
        if pending.isEmpty && owesContinue && lifecycle == .open {
            owesContinue = false
            emit(Self.continueBytes)
        }
    }
}
