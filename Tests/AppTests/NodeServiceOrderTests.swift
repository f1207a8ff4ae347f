@testable import App
import Foundation
import Telemetry
import Testing
import TestSupport

/// The order a node's services start in (and so, reversed, stop in): the data dir's lock first and freed last, the
/// writer after the loops and before the readers, the API after replication (it drains before replication answers the
/// long polls the internal listener then drains), the peer watcher last.
@Suite struct NodeServiceOrderTests {
    @Test func aPrimaryJoinsItsServicesInDependencyOrderAndStopsThemAll() throws {
        let directory = try TemporaryDirectory()
        let sink = InMemoryLogSink()
        let node = try NodeTests().makeNode(directory, sink: sink)
        #expect(node.services.names == [
            "data-directory-lock", "storage-monitor", "heap-trimmer", "event-loops", "writer", "readers",
            "primary-services", "internal-listener", "replication", "api-environment", "api-listener", "realtime-gateway",
        ])
        #expect(node.stop(deadline: .seconds(2)))
        #expect(node.services.names.isEmpty)
        #expect(node.primary?.isRunning == false)
        // The data dir's lock was released last: another node may take the data dir at once.
        let again = try NodeTests().makeNode(directory, sink: sink)
        #expect(again.stop(deadline: .seconds(2)))
    }
}
