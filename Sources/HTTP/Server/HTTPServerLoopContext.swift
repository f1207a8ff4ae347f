import Codecs
import Foundation
import Net
import Synchronization

/// The part of an `HTTPServer` that lives on one event loop: its connections, the date cache and the request-id
/// generator.
///
/// Created by the server before use and afterwards touched only on `loop`'s thread (the server reaches it with
/// `loop.execute`). Keeping this per loop means the hot path shares nothing between threads except two atomics.
final class HTTPServerLoopContext: ListenerLoopContext, @unchecked Sendable {
    // Safety: `connections`, `cachedSecond`, `cachedDate` and `randomState` are used only on `loop`'s thread (every
    // method that touches them starts with `loop.preconditionInEventLoop()` or is called from a loop callback);
    // everything else is immutable or Sendable.
    let loop: EventLoop
    let router: Router
    let settings: HTTPConnectionStateMachine.Settings
    let lingerDuration: Duration = .seconds(2)
    private let server: HTTPServerShared
    private(set) var connections: [ObjectIdentifier: HTTPConnection] = [:]
    private var cachedSecond = -1
    private var cachedDate = ""
    private var randomState: UInt64
    /// Where the ids' hex digits are written before each becomes a `String` (an array per id cost an allocation).
    private var hexDigits = [UInt8](repeating: 0, count: 32)

    init(loop: EventLoop, router: Router, configuration: HTTPServerConfiguration, server: HTTPServerShared) {
        self.loop = loop
        self.router = router
        self.server = server
        settings = .init(limits: configuration.limits, idleTimeout: configuration.idleTimeout,
                         headerReadTimeout: configuration.headerReadTimeout, bodyReadTimeout: configuration.bodyReadTimeout,
                         maxOutboundBytes: configuration.maxPipelinedResponsesBytes,
                         maxPipelinedRequests: max(1, configuration.maxPipelinedRequests))
        var generator = SystemRandomNumberGenerator()
        randomState = generator.next() | 1
    }

    /// Loop thread: a socket was accepted. At `maxConnections` this loop's longest-idle connection makes room for it
    /// (`evictIdlestConnection`); with none to evict, the new socket is closed at once.
    func accepted(descriptor: Int32, remoteAddress: String) {
        guard server.connections.reserve() || (evictIdlestConnection() && server.connections.reserve()) else {
            TCPConnection.closeRejected(descriptor: descriptor)
            return
        }
        do {
            let tcp = try TCPConnection(descriptor: descriptor, remoteAddress: remoteAddress, loop: loop,
                                        writeLimitBytes: settings.maxOutboundBytes)
            let connection = HTTPConnection(tcp: tcp, context: self)
            connections[ObjectIdentifier(connection)] = connection
        } catch {
            server.connections.release()
        }
    }

    /// Counts one idle connection closed to admit a new one.
    func evictionCompleted() {
        server.evictions.wrappingAdd(1, ordering: .relaxed)
    }

    /// Counts a connection entering (`true`) or leaving (`false`) a request.
    func connectionServingChanged(isServing: Bool) {
        if isServing {
            server.connectionsInRequest.wrappingAdd(1, ordering: .relaxed)
        } else {
            server.connectionsInRequest.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    /// Loop thread: `connection` closed.
    func connectionClosed(_ connection: HTTPConnection) {
        if connections.removeValue(forKey: ObjectIdentifier(connection)) != nil { server.connections.release() }
    }

    /// Loop thread: graceful shutdown of every connection (idle ones close now).
    func beginShutdown() {
        loop.preconditionInEventLoop()
        for connection in Array(connections.values) { connection.beginShutdown() }
    }

    /// Loop thread: closes every connection now.
    func closeAll() {
        loop.preconditionInEventLoop()
        for connection in Array(connections.values) { connection.tcp.close() }
    }

    /// The IMF-fixdate of the current second (recomputed at most once per second).
    func currentDate() -> String {
        let second = Int(Date().timeIntervalSince1970)
        if second != cachedSecond {
            cachedSecond = second
            cachedDate = HTTPResponseSerializer.httpDate(Date(timeIntervalSince1970: TimeInterval(second)))
        }
        return cachedDate
    }

    /// `incoming` if it is 1–128 characters of `[A-Za-z0-9._-]`, else 16 fresh random hex characters.
    func requestID(incoming: String?) -> String {
        if let incoming, Self.isValidRequestID(incoming) { return incoming }
        return randomHex()
    }

    /// The request's trace: the caller's (from a valid `traceparent`) or a new one, with a fresh span for this hop.
    func traceContext(incoming: String?) -> TraceContext {
        let spanID = randomHex()
        if let incoming, let trace = TraceContext(traceparent: incoming, spanID: spanID) { return trace }
        Hex.write(randomValue(), into: &hexDigits, at: 0)
        Hex.write(randomValue(), into: &hexDigits, at: 16)
        return TraceContext(traceID: String(decoding: hexDigits, as: UTF8.self), spanID: spanID, parentSpanID: nil,
                            isSampled: false)
    }

    /// 16 random lowercase hex characters, never all zeros (W3C ids must not be).
    private func randomHex() -> String {
        Hex.write(randomValue(), into: &hexDigits, at: 0)
        return String(decoding: hexDigits[..<16], as: UTF8.self)
    }

    /// The next value of the loop's generator, never zero.
    private func randomValue() -> UInt64 {
        // xorshift64*: fast, seeded from the system generator; ids need uniqueness, not secrecy.
        randomState ^= randomState >> 12
        randomState ^= randomState << 25
        randomState ^= randomState >> 27
        return max(1, randomState &* 2_685_821_657_736_338_717)
    }

    /// Reports a finished request to the server's callback.
    func record(exchange: HTTPConnectionExchange, status: Int, now: ContinuousClock.Instant, remoteAddress: String) {
        guard let onRequestCompleted = server.onRequestCompleted else { return }
        onRequestCompleted(HTTPRequestRecord(method: exchange.method, path: exchange.path,
                                             routePattern: exchange.routePattern, status: status,
                                             duration: now - exchange.startedAt, requestID: exchange.requestID,
                                             remoteAddress: remoteAddress, traceID: exchange.traceID))
    }

    static func isValidRequestID(_ value: String) -> Bool {
        var count = 0
        for byte in value.utf8 {
            count += 1
            let isAllowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
            if !isAllowed || count > 128 { return false }
        }
        return count >= 1
    }
}
