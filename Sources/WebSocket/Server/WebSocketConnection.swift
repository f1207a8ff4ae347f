import Net
import Synchronization

/// The application's handle on one accepted WebSocket connection: send messages and close it from any thread.
///
/// Immutable and `Sendable`; the protocol state lives in the loop-owned `WebSocketSession`, which this handle reaches
/// by hopping to `eventLoop` (directly when already on it). The outbound buffer is bounded: bytes still travelling to
/// the loop count against `maxOutboundBytes` together with the bytes the socket has not taken, and a send that would
/// exceed it cuts the connection off with 1008 (slow consumer) instead of growing memory. Sends after the close
/// started are dropped (and counted). Handles compare by identity.
public final class WebSocketConnection: Sendable, Hashable, CustomStringConvertible {
    /// Unique within the server process.
    public let id: UInt64
    /// "ip:port" of the peer.
    public let remoteAddress: String
    /// The loop that owns the connection; handler callbacks run on it.
    public let eventLoop: EventLoop
    /// The outbound buffer cap in bytes.
    public let maxOutboundBytes: Int
    private let session: LoopBound<WebSocketSessionReference>
    private let onMetric: @Sendable (WebSocketMetricEvent) -> Void
    /// Bytes handed to `eventLoop.execute` and not yet queued on the socket.
    private let inFlightBytes = Atomic<Int>(0)
    /// Set once the buffer overflowed: later sends are dropped without another hop.
    private let isCutOff = Atomic<Bool>(false)
    private let isAuthenticatedFlag = Atomic<Bool>(false)

    /// Loop thread (the session creates its handle).
    init(id: UInt64, remoteAddress: String, maxOutboundBytes: Int, session: WebSocketSessionReference, loop: EventLoop,
         onMetric: @escaping @Sendable (WebSocketMetricEvent) -> Void) {
        self.id = id
        self.remoteAddress = remoteAddress
        self.maxOutboundBytes = maxOutboundBytes
        self.eventLoop = loop
        self.session = LoopBound(session, loop: loop)
        self.onMetric = onMetric
    }

    /// Sends a text message (any thread).
    public func send(text: String) {
        send(WebSocketOutboundMessage(text: text))
    }

    /// Sends a binary message (any thread).
    public func send(binary: [UInt8]) {
        send(WebSocketOutboundMessage(binary: binary))
    }

    /// Sends a pre-encoded message (any thread); use one `WebSocketOutboundMessage` for a fan-out.
    public func send(_ message: WebSocketOutboundMessage) {
        let size = message.frameBytes.count
        if eventLoop.inEventLoop {
            deliver(message, size: size)
            return
        }
        guard !isCutOff.load(ordering: .relaxed) else {
            onMetric(.messageDropped(bytes: size, reason: .slowConsumer))
            return
        }
        let before = inFlightBytes.wrappingAdd(size, ordering: .relaxed).oldValue
        if before + size > maxOutboundBytes {
            inFlightBytes.wrappingSubtract(size, ordering: .relaxed)
            onMetric(.messageDropped(bytes: size, reason: .slowConsumer))
            if !isCutOff.exchange(true, ordering: .relaxed) {
                eventLoop.execute { [session] in session.value.session?.cutOffSlowConsumer() }
            }
            return
        }
        eventLoop.execute { [self] in
            inFlightBytes.wrappingSubtract(size, ordering: .relaxed)
            deliver(message, size: size)
        }
    }

    /// Any thread: the application authenticated this connection. At the connection cap, connections never marked
    /// are evicted before marked ones (see `WebSocketServerConfiguration.maxConnections`).
    public func markAuthenticated() {
        isAuthenticatedFlag.store(true, ordering: .relaxed)
    }

    /// Whether `markAuthenticated()` was called.
    public var isAuthenticated: Bool { isAuthenticatedFlag.load(ordering: .relaxed) }

    /// Starts the close handshake with `code` and `reason` (any thread). Does nothing once closing.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        if eventLoop.inEventLoop {
            session.value.session?.close(code: code, reason: reason)
        } else {
            eventLoop.execute { [session] in session.value.session?.close(code: code, reason: reason) }
        }
    }

    /// Loop thread: queue on the session, or count the drop when it is gone.
    private func deliver(_ message: WebSocketOutboundMessage, size: Int) {
        if let live = session.value.session {
            live.enqueue(message)
        } else {
            onMetric(.messageDropped(bytes: size, reason: .connectionClosed))
        }
    }

    /// Bytes on their way to the loop (diagnostics and tests).
    var inFlightByteCount: Int { inFlightBytes.load(ordering: .relaxed) }

    public static func == (lhs: WebSocketConnection, rhs: WebSocketConnection) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "WebSocketConnection(\(id), \(remoteAddress))" }
}

/// A weak link from a connection handle to its loop-owned session, so handles kept by the application do not keep
/// closed sessions (and their buffers) alive.
///
/// Touched only on the session's loop (wrapped in `LoopBound`).
final class WebSocketSessionReference {
    weak var session: WebSocketSession?

    init(_ session: WebSocketSession? = nil) {
        self.session = session
    }
}
