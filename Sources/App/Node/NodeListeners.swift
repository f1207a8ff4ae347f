/// Where a node listens: the public bind address with the API and WebSocket ports, and the internal listener's address
/// and port, resolved the way `serve` resolves them (the flag, then `WORLDGAME_BIND` / `WORLDGAME_API_PORT` /
/// `WORLDGAME_WS_PORT` / `WORLDGAME_INTERNAL_BIND` / `WORLDGAME_INTERNAL_PORT`, then the default).
///
/// One definition for `serve` (`NodeConfiguration`) and for the commands that must find a running node from the same
/// settings (`status`), so an operator's environment file reaches both. A plain value.
struct NodeListeners: Sendable, Equatable {
    static let bindOption = CommandOption.value(
        "bind", "HOST", "Address the API and WebSocket listeners bind", default: "127.0.0.1", environment: true)
    static let apiPortOption = CommandOption.value(
        "api-port", "PORT", "HTTP API port (0 picks a free port)", default: "4000", environment: true)
    static let webSocketPortOption = CommandOption.value(
        "ws-port", "PORT", "WebSocket gateway port", default: "4001", environment: true)
    static let internalBindOption = CommandOption.value(
        "internal-bind", "HOST",
        "Address of the internal listener (/replication/*, /metrics, /health, /ready): a private address, never public",
        default: "127.0.0.1", environment: true)
    static let internalPortOption = CommandOption.value(
        "internal-port", "PORT", "Internal listener port (0 picks a free port); a standby's --peer points here",
        default: "4002", environment: true)

    var bindHost: String
    var apiPort: Int
    var webSocketPort: Int
    var internalBindHost: String
    var internalPort: Int

    /// Reads the five options (each must be among the command's declared options for its environment variable to
    /// count; an undeclared one takes its default).
    init(_ arguments: ParsedArguments) throws(CommandLineError) {
        bindHost = arguments.string("bind", default: "127.0.0.1")
        apiPort = try arguments.integer("api-port", default: 4000, range: 0...65535)
        webSocketPort = try arguments.integer("ws-port", default: 4001, range: 0...65535)
        internalBindHost = arguments.string("internal-bind", default: "127.0.0.1")
        internalPort = try arguments.integer("internal-port", default: 4002, range: 0...65535)
    }

    /// `http://HOST:API_PORT`, the running node's API as seen from this machine.
    var localAPIURL: String { "http://\(Self.localHost(bindHost)):\(apiPort)" }

    /// `http://HOST:INTERNAL_PORT`, the running node's internal listener as seen from this machine.
    var localInternalURL: String { "http://\(Self.localHost(internalBindHost)):\(internalPort)" }

    /// The host a client on this machine uses to reach a listener bound to `host`: the loopback address for a
    /// wildcard bind (`0.0.0.0`, `::`), else the bound address itself (IPv6 in brackets, for a URL).
    static func localHost(_ host: String) -> String {
        switch host {
        case "", "0.0.0.0", "*": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
}
