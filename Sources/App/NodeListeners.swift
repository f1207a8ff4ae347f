/// Where a node listens: the bind address and the API and WebSocket ports, resolved the way `serve` resolves them
/// (the flag, then `WORLDGAME_BIND` / `WORLDGAME_API_PORT` / `WORLDGAME_WS_PORT`, then the default).
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

    var bindHost: String
    var apiPort: Int
    var webSocketPort: Int

    /// Reads `--bind`, `--api-port` and `--ws-port` (each option must be among the command's declared options for
    /// its environment variable to count).
    init(_ arguments: ParsedArguments) throws(CommandLineError) {
        bindHost = arguments.string("bind", default: "127.0.0.1")
        apiPort = try arguments.integer("api-port", default: 4000, range: 0...65535)
        webSocketPort = try arguments.integer("ws-port", default: 4001, range: 0...65535)
    }

    /// The host a client on this machine uses to reach a listener bound to `bindHost`: the loopback address for a
    /// wildcard bind (`0.0.0.0`, `::`), else the bound address itself (IPv6 in brackets, for a URL).
    var localHost: String {
        switch bindHost {
        case "", "0.0.0.0", "*": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: bindHost.contains(":") && !bindHost.hasPrefix("[") ? "[\(bindHost)]" : bindHost
        }
    }

    /// `http://HOST:API_PORT`, the running node's API as seen from this machine.
    var localAPIURL: String { "http://\(localHost):\(apiPort)" }
}
