import Clocks
import Engine
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The node's domain services, each built once at start-up on every node (primary or standby), and the one
/// `JobQueue` they and the job system share.
///
/// Why on every node: the routes and socket commands registered at start-up call the services directly, and a
/// standby's writes are refused in front of them (the write guard, the socket's `not_primary`) and below them (the
/// replication recorder), so nothing changes on promotion but the job system starting over `jobQueue`. Built on the
/// main thread before the listeners start; immutable and shared by every thread after that.
struct DomainServices: Sendable {
    /// The node's job queue: the services enqueue on it, the primary's `JobSystem` claims from it.
    let jobQueue: JobQueue
    /// The only writer of auctions: bids, creations, settlements, the daily check and the demo cadence.
    let auctions: AuctionService
    /// The only writer of listings and orders.
    let market: MarketService
    /// The only writer of merges, upgrades and resource runs.
    let land: LandService
    /// The only writer of registrations, logins, password changes and session revocations.
    let players: PlayerService

    /// - Parameter clock: the node's one wall clock, read by the queue and every service.
    /// - Throws: `MetricsError` when a service's metric names are already registered.
    init(configuration: NodeConfiguration, writer: Writer, events: EventBus, registry: MetricsRegistry,
         clock: any WallClock, logger: Logger) throws {
        jobQueue = JobQueue(writer: writer, clock: clock, configuration: Self.jobsConfiguration(configuration))
        market = try MarketService(writer: writer, clock: clock, bus: events, registry: registry)
        var auctionConfiguration = AuctionServiceConfiguration()
        auctionConfiguration.market = market.configuration   // owner auctions pay the listings' fee
        auctions = try AuctionService(writer: writer, queue: jobQueue, clock: clock, bus: events,
                                      configuration: auctionConfiguration, registry: registry, logger: logger)
        land = LandService(queue: jobQueue, clock: clock, bus: events, metrics: try ResourceMetrics(registry: registry))
        players = PlayerService(writer: writer, clock: clock, startingGold: configuration.apiConfiguration.startingGold, bus: events)
    }

    /// The queue's configuration from the node's options: the worker count, this host as the lease owner's prefix,
    /// and the kinds sent to the cloud queue when it is configured.
    static func jobsConfiguration(_ configuration: NodeConfiguration) -> JobsConfiguration {
        var jobsConfiguration = JobsConfiguration(workerCount: configuration.workerCount)
        jobsConfiguration.ownerPrefix = ProcessInfo.processInfo.hostName
        jobsConfiguration.remoteKinds = configuration.cloud.isEnabled ? Set(configuration.cloud.remoteKinds) : []
        return jobsConfiguration
    }
}
