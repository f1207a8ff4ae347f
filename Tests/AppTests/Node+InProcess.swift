@testable import App
import Telemetry
import TestSupport

extension Node {
    /// A node built and started in this process as `worldgame serve` starts one, over `directory`, with the API,
    /// socket and internal listeners on ephemeral ports of 127.0.0.1 and `options` after those.
    ///
    /// The caller stops it (`stop(deadline:)`), usually in a `defer` right after.
    static func started(in directory: TemporaryDirectory, _ options: [String] = [],
                        logSink: InMemoryLogSink = InMemoryLogSink()) throws -> Node {
        let arguments = try ParsedArguments(
            commandName: "serve",
            arguments: ["--data-dir", directory.path, "--api-port", "0", "--ws-port", "0", "--internal-port", "0"]
                + options,
            options: NodeConfiguration.options, environment: [:])
        let node = try Node(configuration: try NodeConfiguration(arguments), logSink: logSink)
        try node.start()
        return node
    }
}
