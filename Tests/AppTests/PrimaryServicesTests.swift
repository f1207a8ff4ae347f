@testable import App
import ClockTesting
import Engine
import Foundation
import HTTP
import Monitoring
import Replication
import Store
import Telemetry
import Testing
import TestSupport

/// A whole node in-process with the cloud queue configured (its endpoint unreachable: the relay only calls it when the
/// outbox holds messages): fencing stops the job system and the outbox relay for good and stores the fence.
@Suite struct PrimaryServicesTests {
    @Test func fencingStopsJobsAndTheRelayForGoodAndStoresTheFence() throws {
        let directory = try TemporaryDirectory(prefix: "primary-services")
        let node = try Node.started(in: directory, [
            "--loops", "1", "--workers", "1", "--no-demo", "--oci-region", "eu-frankfurt-1",
            "--oci-queue-id", "ocid1.queue.oc1..test", "--oci-messages-endpoint", "https://127.0.0.1:9",
            "--oci-tenancy", "ocid1.tenancy.oc1..test", "--oci-user", "ocid1.user.oc1..test",
            "--oci-key-file", OCITestKey.path, "--oci-fingerprint", OCITestKey.fingerprint])
        defer { node.stop(deadline: .seconds(2)) }
        let primary = try #require(node.primary)
        let cloud = try #require(node.cloud)
        let replication = try #require(node.replication)
        #expect(primary.isRunning && cloud.isRelayRunning)
        let services = try #require(node.domainServices)
        #expect(primary.jobSystem?.queue === services.jobQueue && services.auctions.queue === services.jobQueue)

        // What PeerTermWatcher does on a higher term, then its callback.
        replication.node.update { state in
            state.role = .standby
            state.isFenced = true
            state.term = 9
            state.primaryURL = "http://new-primary:4000"
        }
        node.fenced(term: 9, primaryURL: "http://new-primary:4000")
        #expect(!primary.isRunning && !cloud.isRelayRunning)
        #expect(try primary.start() == false, "services never start again in this process")
        #expect(!cloud.isRelayRunning)

        let connection = try Connection(configuration: StoreConfiguration(path: directory.file("worldgame.db")), readOnly: true)
        defer { connection.close() }
        #expect(try ReplicationFence.load(in: connection) == ReplicationFence(term: 9, primaryURL: "http://new-primary:4000"))
        let client = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { client.close() }
        let ready = try client.send(.get, "/ready")
        #expect(ready.status == 503 && ready.bodyText.contains(#""code":"fenced""#))
    }
}

extension PrimaryServicesTests {
    /// A start that fails (here: the writer is gone) leaves nothing running and the services idle, so a later start
    /// tries again instead of answering "started before"; a stop then stops them for good.
    @Test func aFailedStartGoesBackToIdleSoItCanBeRetried() throws {
        let directory = try TemporaryDirectory(prefix: "primary-services-retry")
        let arguments = try ParsedArguments(
            commandName: "serve", arguments: ["--data-dir", directory.path, "--no-demo", "--workers", "1"],
            options: NodeConfiguration.options, environment: [:])
        let configuration = try NodeConfiguration(arguments)
        try DatabaseSetup.migrate(configuration.storeConfiguration)
        let writer = try Writer(configuration: configuration.storeConfiguration)
        let registry = MetricsRegistry()
        let events = EventBus()
        let sink = InMemoryLogSink()
        let logger = Logger(label: "test", sink: sink)
        let clock = ManualClock()
        let primary = PrimaryServices(context: .init(
            configuration: configuration, writer: writer,
            services: try DomainServices(configuration: configuration, writer: writer, events: events, registry: registry,
                                         clock: clock, logger: logger), events: events,
            metrics: try NodeMetrics(registry: registry), clock: clock, logger: logger, cloud: nil))
        writer.shutdown()

        #expect(throws: (any Error).self) { try primary.start() }
        #expect(!primary.isRunning)
        #expect(sink.records.contains { $0.level == .error && $0.message.contains("primary services failed to start") })
        #expect(throws: (any Error).self, "idle again: the second start tries again") { try primary.start() }
        #expect(primary.stop(deadline: .seconds(1)))
        #expect(try primary.start() == false, "stopped for good")
    }
}
