import HTTP

/// Settings of a `WebSocketServer` (the gateway): where it listens, which handshakes it accepts, and the limits and
/// timers of every connection.
///
/// A plain value built before `start()`; the server copies it and never changes it. Every buffer has a limit here
/// (frame, message, outbound bytes, handshake head) with a defined behaviour when exceeded.
public struct WebSocketServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// The gateway port; 0 asks the kernel for an ephemeral port (tests), read back from `WebSocketServer.localPort`.
    public var port: Int = 4001
    /// The only path that upgrades; other paths get a 404 JSON error.
    public var path: String = "/ws"
    /// Exact `Origin` values allowed to connect; empty allows every origin (and requests without one).
    public var allowedOrigins: Set<String> = []
    /// Limits of the HTTP parser for the upgrade request (request line, headers).
    public var handshakeLimits: HTTPParserLimits = .init()
    /// The whole upgrade request must arrive within this from the connection's accept, else the socket is closed.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Largest frame payload accepted; beyond it the connection is closed with 1009.
    public var maxFrameBytes: Int = 1 << 20
    /// Largest reassembled message accepted; beyond it the connection is closed with 1009.
    public var maxMessageBytes: Int = 4 << 20
    /// Outbound buffer cap per connection: a send that would queue more than this (bytes not yet taken by the socket,
    /// plus bytes still on their way to the loop) cuts the connection off with 1008 (slow consumer).
    public var maxOutboundBytes: Int = 1 << 20
    /// With nothing received for this long the server sends a ping.
    public var pingInterval: Duration = .seconds(30)
    /// After that ping, the connection is dropped (reported as 1006) unless a frame arrives within this.
    public var pongTimeout: Duration = .seconds(30)
    /// After sending a close frame, how long to wait for the peer's close (and for our bytes to drain) before
    /// closing TCP anyway.
    public var closeTimeout: Duration = .seconds(5)
    /// Connections (handshaking or open) counted against the cap. At the cap a new connection evicts one of its
    /// loop's connections: a handshake in progress first (oldest), then an open connection never marked
    /// authenticated, then any open one, each by the longest time since a frame arrived; open ones get a close frame
    /// 1013 with a reason. With nothing to evict on that loop, the new socket is closed at once.
    public var maxConnections: Int = 20_000

    public init() {}

    /// The per-connection settings of the state machine.
    public var connectionSettings: WebSocketConnectionStateMachine.Settings {
        .init(maxFrameBytes: maxFrameBytes, maxMessageBytes: maxMessageBytes, pingInterval: pingInterval,
              pongTimeout: pongTimeout, closeTimeout: closeTimeout)
    }
}
