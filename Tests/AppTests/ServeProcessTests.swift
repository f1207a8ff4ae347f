import Foundation
import HTTP
import Testing
import TestSupport

/// The real binary as an operator runs it: start, answer, SIGTERM, exit 0.
@Suite struct ServeProcessTests {
    @Test func sigtermDrainsAndExitsZero() throws {
        let directory = try TemporaryDirectory()
        let child = try ChildProcess(
            executable: BuiltProducts.worldgame,
            arguments: ["serve", "--data-dir", directory.file("data"), "--api-port", "0", "--ws-port", "0", "--internal-port", "0", "--loops", "1"])
        let ports = try #require(child.waitForServedPorts(), "node did not start: \(child.outputLines.suffix(5))")
        let client = try HTTPClient(host: "127.0.0.1", port: ports.api)
        #expect(try client.send(.get, "/health").status == 200)
        client.close()

        let started = ContinuousClock.now
        child.send(signal: SIGTERM)
        #expect(child.waitForExit() == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(child.outputLines.contains { $0.contains(#""message":"node stopped""#) })
    }
}
