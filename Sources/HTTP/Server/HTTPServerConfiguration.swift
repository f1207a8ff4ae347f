/// Settings of an `HTTPServer`: where it listens, its parser limits, timeouts and per-connection caps.
///
/// A plain value built before `start()`; the server copies it and never changes it.
public struct HTTPServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 asks the kernel for an ephemeral port (tests); read it back from `HTTPServer.localPort`.
    public var port: Int = 4000
    public var limits: HTTPParserLimits = .init()
    /// How long a connection may stay open with nothing happening: between keep-alive requests, and also while a
    /// handler has not responded or the peer reads nothing of our response. The connection is then closed silently.
    public var idleTimeout: Duration = .seconds(60)
    /// The whole request head must arrive within this from its first byte (slowloris): else 408 and close.
    public var headerReadTimeout: Duration = .seconds(10)
    /// The whole body must arrive within this once the head is complete: else 408 and close.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// Connections beyond this many (over the whole server) are accepted and closed at once, without a response.
    public var maxConnections: Int = 10_000
    /// Outbound buffer cap per connection: while this many response bytes wait for the socket, the server stops
    /// reading (and so parsing and dispatching) more requests from it.
    public var maxPipelinedResponsesBytes: Int = 4 << 20
    /// At most this many requests of one connection may be dispatched and waiting for their responses; further
    /// pipelined requests stay unread until one completes.
    public var maxPipelinedRequests: Int = 32

    public init() {}
}
