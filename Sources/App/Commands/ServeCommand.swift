import Foundation
import Net
import Telemetry

/// `worldgame serve`: runs the node until SIGTERM or SIGINT, then drains and exits 0.
enum ServeCommand: Subcommand {
    static let name = "serve"
    static let summary = "Run the node (API, WebSocket gateway, writer, workers)"
    static let discussion = """
        With no flags it runs a demo world in ./worldgame-data with the API and web client on http://127.0.0.1:4000/.
        Every option can also come from the environment variable shown (for systemd's EnvironmentFile=).
        SIGTERM or SIGINT drains in-flight requests and the writer queue, then exits 0; a second signal,
        or missing the --shutdown-timeout deadline, stops at once with exit code 1.
        """
    static var options: [CommandOption] { NodeConfiguration.options }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        let configuration = try NodeConfiguration(arguments)
        if try arguments.flag("print-config", default: false) {
            print(try configuration.printedJSON())
            return 0
        }
        // Before any thread exists: every thread inherits the blocked mask, and only the main thread receives the signal.
        ProcessSignals.blockTerminationSignals()
        let node = try Node(configuration: configuration)
        do {
            try node.start()
        } catch {
            node.logger.error("node failed to start", [("error", .string(String(describing: error)))])
            node.stop(deadline: .seconds(2))
            throw error
        }
        notifySystemd(["READY=1", "STATUS=serving on port \(node.apiPort)"], node: node)
        let signal = ProcessSignals.waitForTerminationSignal()
        node.logger.info("termination signal received", [("signal", .int(Int64(signal)))])
        notifySystemd(["STOPPING=1", "STATUS=draining"], node: node)
        return drainAndExitCode(node: node, deadline: .seconds(configuration.shutdownTimeoutSeconds))
    }

    /// Tells systemd (Type=notify) about the node's state; a failure is logged, never fatal.
    private static func notifySystemd(_ assignments: [String], node: Node) {
        do {
            try ServiceNotifier.notify(assignments, environment: ProcessInfo.processInfo.environment)
        } catch {
            node.logger.warning("systemd notification failed", [("error", .string(String(describing: error)))])
        }
    }

    /// Stops `node` on a helper thread while the main thread watches for a second signal or a missed deadline.
    private static func drainAndExitCode(node: Node, deadline: Duration) -> Int32 {
        let finished = DispatchSemaphore(value: 0)
        let stopper = Thread {
            node.stop(deadline: deadline)
            finished.signal()
            // Wake the main thread's sigtimedwait promptly.
            kill(getpid(), SIGTERM)
        }
        stopper.name = "worldgame-shutdown"
        stopper.start()
        let hardDeadline = ContinuousClock.now + deadline + .seconds(5)
        while ContinuousClock.now < hardDeadline {
            let remaining = hardDeadline - ContinuousClock.now
            _ = ProcessSignals.waitForTerminationSignal(timeout: remaining)
            if finished.wait(timeout: .now()) == .success { return 0 }
            node.logger.error("second termination signal: stopping at once", [])
            ProcessSignals.hardExit(1)
        }
        if finished.wait(timeout: .now()) == .success { return 0 }
        node.logger.error("shutdown deadline missed: stopping at once", [("deadline_seconds", .int(deadline.components.seconds))])
        ProcessSignals.hardExit(1)
    }
}
