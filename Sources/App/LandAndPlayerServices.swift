import Engine
import Foundation
import Jobs
import Store
import Telemetry

/// The node's land and player services (`LandService`, `PlayerService`) and the one `JobQueue` they share with the
/// job system, built once at start-up on every node.
///
/// Why it exists: the REST routes, the WebSocket gateway and the primary's job handlers must all reach the same
/// service objects, and the resource job handlers must enqueue on the queue whose workers claim their jobs; building
/// them here, before the routes and `PrimaryServices`, gives each one instance with no late binding. A standby has
/// them too: its write guard refuses writes before they reach a service, and its queue has no workers until a
/// promotion starts the job system over it. Immutable; built and read on the main thread, then shared.
struct LandAndPlayerServices: Sendable {
    /// The node's job queue: the job system's workers claim from it, the services enqueue on it.
    let queue: JobQueue
    let land: LandService
    let players: PlayerService

    /// - Throws: `MetricsError` when the resource metrics are already registered in `registry`.
    init(configuration: NodeConfiguration, writer: Writer, events: EventBus, registry: MetricsRegistry) throws {
        queue = JobQueue(writer: writer, configuration: Self.jobsConfiguration(configuration))
        land = LandService(queue: queue, bus: events, metrics: try ResourceMetrics(registry: registry))
        players = PlayerService(writer: writer, startingGold: configuration.apiConfiguration.startingGold, bus: events)
    }

    /// The job settings of a node: its worker count, lease owners named after the host, and the kinds that go to the
    /// cloud queue's outbox when one is configured.
    static func jobsConfiguration(_ configuration: NodeConfiguration) -> JobsConfiguration {
        var jobsConfiguration = JobsConfiguration(workerCount: configuration.workerCount)
        jobsConfiguration.ownerPrefix = ProcessInfo.processInfo.hostName
        jobsConfiguration.remoteKinds = configuration.cloud.isEnabled ? Set(configuration.cloud.remoteKinds) : []
        return jobsConfiguration
    }
}
