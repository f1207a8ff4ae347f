import Net
import WebSocket

/// Something the hub can hand encoded events to: a gateway connection, or a fake in tests.
///
/// Implementations must accept `deliver` from any thread without blocking (enqueue only), as
/// `WebSocketConnection.send` does: the hub calls it on the publishing (writer) thread.
public protocol RealtimeSubscriber: AnyObject, Sendable {
    /// Unique among live subscribers.
    var subscriberID: UInt64 { get }
    /// The event loop that owns the subscriber, if any. The hub then hands all of that loop's deliveries of a
    /// publication over in one hop (`deliver` is called on that loop), instead of one hop per connection.
    var deliveryLoop: EventLoop? { get }
    /// Queues `message` for the peer; never blocks.
    func deliver(_ message: WebSocketOutboundMessage)
}

extension WebSocketConnection: RealtimeSubscriber {
    public var subscriberID: UInt64 { id }

    public var deliveryLoop: EventLoop? { eventLoop }

    public func deliver(_ message: WebSocketOutboundMessage) { send(message) }
}
