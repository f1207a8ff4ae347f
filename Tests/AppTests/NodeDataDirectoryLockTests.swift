@testable import App
import Store
import Telemetry
import Testing
import TestSupport

/// A node started in this process holds its data dir's lock for as long as it runs.
@Suite struct NodeDataDirectoryLockTests {
    @Test func anInProcessNodeHoldsTheLockUntilItStops() throws {
        let directory = try TemporaryDirectory()
        let node = try Node.started(in: directory, ["--loops", "1", "--no-demo"])
        #expect(throws: DataDirectoryLock.Failure.self) {
            _ = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate")
        }
        node.stop(deadline: .seconds(2))
        let lock = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate")
        lock.release()
    }
}
