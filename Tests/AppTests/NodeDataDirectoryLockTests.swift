@testable import App
import Store
import Telemetry
import Testing
import TestSupport

/// A node started in this process holds its data dir's lock for as long as it runs.
@Suite struct NodeDataDirectoryLockTests {
    @Test func anInProcessNodeHoldsTheLockUntilItStops() throws {
        let directory = try TemporaryDirectory()
        let arguments = try ParsedArguments(
            commandName: "serve",
            arguments: ["--data-dir", directory.path, "--api-port", "0", "--ws-port", "0", "--loops", "1", "--no-demo"],
            options: NodeConfiguration.options, environment: [:])
        let node = try Node(configuration: try NodeConfiguration(arguments), logSink: InMemoryLogSink())
        try node.start()
        #expect(throws: DataDirectoryLock.Failure.self) {
            _ = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate")
        }
        node.stop(deadline: .seconds(2))
        let lock = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate")
        lock.release()
    }
}
