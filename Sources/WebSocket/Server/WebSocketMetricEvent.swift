/// Something countable that happened on the gateway, reported to the server's metric hook.
///
/// A plain value; the hook is called on the connection's loop (or, for drops, on the sending thread) and must be
/// cheap and non-blocking (increment a counter). Labels derived from it must stay bounded: use the case and the close
/// code, never the connection id.
public enum WebSocketMetricEvent: Sendable, Equatable {
    /// Why an outbound message was not queued.
    public enum DropReason: Sendable, Equatable {
        /// The connection was closing or closed.
        case connectionClosed
        /// The connection's outbound buffer was full (it is being cut off).
        case slowConsumer
    }

    /// A handshake completed and the handler accepted the connection.
    case connectionOpened
    /// A handshake was refused with this HTTP status (validation or the handler's decision).
    case handshakeRejected(status: Int)
    /// An accepted connection ended, with the close code reported to the handler.
    case connectionClosed(code: WebSocketCloseCode)
    /// A message was queued for the socket.
    case messageSent(bytes: Int)
    /// A message was dropped.
    case messageDropped(bytes: Int, reason: DropReason)
    /// A connection exceeded its outbound buffer and was closed with 1008.
    case slowConsumerDisconnected
    /// At the connection cap, a connection (a handshake in progress, or the longest idle open one) was closed to
    /// admit a new one; open ones get a close frame 1013 first.
    case connectionEvicted
}
