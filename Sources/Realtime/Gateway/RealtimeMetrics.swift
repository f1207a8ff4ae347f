import Telemetry
import WebSocket

/// The gateway's Prometheus metrics: open connections, subscriptions, events sent and dropped, slow-consumer
/// disconnects, and the bytes the hub keeps for `resume`.
///
/// Created once at start-up from the node's `MetricsRegistry` (which rejects duplicate names). Any thread: every
/// update is an atomic add. `record(_:)` is the `WebSocketServer`'s metric hook.
public final class RealtimeMetrics: Sendable {
    public let connections: Gauge
    public let subscriptions: Gauge
    public let eventsSent: Counter
    public let eventsDropped: Counter
    public let slowConsumerDisconnects: Counter
    public let evictions: Counter
    /// Frame bytes of the hub's replay windows, all topics together (bounded by `maxWindowBytes`).
    public let windowBytes: Gauge

    /// Registers the seven metrics in `registry`.
    /// - Throws: `MetricsError` if a name is already taken.
    public init(registry: MetricsRegistry) throws(MetricsError) {
        connections = try registry.makeGauge("worldgame_websocket_connections", help: "Open WebSocket connections.")
        subscriptions = try registry.makeGauge(
            "worldgame_websocket_subscriptions", help: "Topic subscriptions held by open WebSocket connections.")
        eventsSent = try registry.makeCounter(
            "worldgame_websocket_events_sent_total", help: "Events handed to subscribed WebSocket connections.")
        eventsDropped = try registry.makeCounter(
            "worldgame_websocket_events_dropped_total",
            help: "Outbound WebSocket messages dropped (connection closing or over its outbound buffer).")
        slowConsumerDisconnects = try registry.makeCounter(
            "worldgame_websocket_slow_consumer_disconnects_total",
            help: "WebSocket connections closed with 1008 because their outbound buffer was full.")
        evictions = try registry.makeCounter(
            "worldgame_websocket_evictions_total",
            help: "WebSocket connections closed at the connection cap (1013) to admit new ones.")
        windowBytes = try registry.makeGauge(
            "worldgame_realtime_window_bytes", help: "Frame bytes the realtime hub keeps for resume, all topics together.")
    }

    /// The `WebSocketServer` metric hook: cheap, any thread.
    public func record(_ event: WebSocketMetricEvent) {
        switch event {
        case .connectionOpened: connections.add(1)
        case .connectionClosed: connections.add(-1)
        case .messageDropped: eventsDropped.increment()
        case .slowConsumerDisconnected: slowConsumerDisconnects.increment()
        case .connectionEvicted: evictions.increment()
        case .handshakeRejected, .messageSent: break
        }
    }
}
