import Foundation
import Net
import WebSocket

/// `worldgame debug websocket-echo --port N`: a WebSocket echo endpoint for conformance runs (Autobahn|Testsuite's
/// fuzzingclient, `scripts/e2e/autobahn`), serving until SIGTERM or SIGINT. Test-only; never part of `serve`.
///
/// Runs a `WebSocketServer` with `WebSocketEchoHandler` on its own two-loop group, on 127.0.0.1 (or `--host`), path
/// `/ws` (or `--path`), with limits large enough for the suite's 16 MiB messages. Prints `listening PORT` on stdout
/// once it accepts connections.
public enum DebugWebSocketEcho {
    /// worldgame debug websocket-echo [--port N] [--host H] [--path P]
    ///
    /// `--port` defaults to 4001 (0 picks a free port). Returns 0 after a clean shutdown, 1 when the server could
    /// not start, 2 for bad arguments.
    public static func run(arguments: [String]) -> Int32 {
        var configuration = WebSocketServerConfiguration()
        configuration.maxFrameBytes = 16 << 20
        configuration.maxMessageBytes = 16 << 20
        configuration.maxOutboundBytes = 64 << 20
        configuration.closeTimeout = .seconds(2)
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { return usage("\(flag) needs a value") }
            switch flag {
            case "--port":
                guard let port = Int(value), (0...65_535).contains(port) else { return usage("bad --port \(value)") }
                configuration.port = port
            case "--host":
                configuration.host = value
            case "--path":
                configuration.path = value
            default:
                return usage("unknown option \(flag)")
            }
        }
        ProcessSignals.blockTerminationSignals()
        do {
            let group = try EventLoopGroup(loopCount: 2, threadNamePrefix: "websocket-echo")
            defer { group.shutdown() }
            let server = WebSocketServer(configuration: configuration, group: group, handler: WebSocketEchoHandler())
            try server.start()
            FileHandle.standardOutput.write(Data("listening \(server.localPort)\n".utf8))
            _ = ProcessSignals.waitForTerminationSignal()
            _ = server.shutdown(deadline: .seconds(2))
            return 0
        } catch {
            FileHandle.standardError.write(Data("worldgame debug websocket-echo: \(error)\n".utf8))
            return 1
        }
    }

    private static func usage(_ problem: String) -> Int32 {
        let text = "worldgame debug websocket-echo: \(problem)\nusage: worldgame debug websocket-echo [--port N] [--host H] [--path P]\n"
        FileHandle.standardError.write(Data(text.utf8))
        return 2
    }
}
