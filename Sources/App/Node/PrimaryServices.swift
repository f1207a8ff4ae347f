import API
import Clocks
import Engine
import Foundation
import Game
import Jobs
import Lifecycle
import Locking
import Monitoring
import Replication
import Store
import Telemetry

/// The parts only a primary runs, as an ordered sub-list of the node's services (`RoleServiceGroup`): world setup and
/// market preparation, the land square objects' backfill, the job workers and the scheduler over the node's one job
/// queue (settlements, resource runs, market matching, exports), the demo auctions' first top-up, and the cloud outbox
/// relay.
///
/// Why a separate object: a node becomes primary at start-up, online (`worldgame promote`, auto-promotion) or by a
/// planned switchover, hands the role over again in a switchover, and stops being one for good when it is fenced;
/// each change must leave it exactly as a restart in that role would. `start()` runs on the thread that makes the
/// node primary (main thread at start-up, the promote, handoff or switchover thread, the peer watcher's thread);
/// `pause(deadline:)` on the switchover thread; `stop(deadline:)` on the fencing thread or the shutdown thread. The
/// sub-list orders them (see `RoleServiceGroup`): a failed start leaves nothing running and can be tried again
/// (`Node.startPrimaryServices` retries after an online promotion); after a pause a start builds the list anew.
final class PrimaryServices: Sendable {
    /// What the services use from the node; fixed when the node starts.
    struct Context: Sendable {
        let configuration: NodeConfiguration
        let writer: Writer
        let services: DomainServices
        let events: EventBus
        let metrics: NodeMetrics
        let clock: any WallClock
        let logger: Logger
        let cloud: NodeCloud?
    }

    /// The job handlers and schedules of a primary with their metrics, built by the first start (metrics are
    /// registered once per process) and reused by every later one.
    fileprivate struct JobsBlueprint: Sendable {
        let handlers: JobHandlers
        let schedules: [Schedule]
        let metrics: JobMetrics?
    }

    /// What builds each period's services: the context, the blueprint of the first start, the running job system.
    fileprivate struct Builder: Sendable {
        let context: Context
        let blueprint = Locked<JobsBlueprint?>(nil)
        /// The running job system of the current period in the role (nil unless running).
        let jobs = Locked<JobSystem?>(nil)
    }

    private let context: Context
    private let builder: Builder
    private let group: RoleServiceGroup

    init(context: Context) {
        self.context = context
        let builder = Builder(context: context)
        self.builder = builder
        group = RoleServiceGroup(name: "primary-services") { builder.makeServices() }
    }

    /// Whether the job workers and scheduler run now.
    var isRunning: Bool { group.isRunning }

    /// The names of the running services, in start order (empty unless running).
    var runningNames: [String] { group.runningNames }

    /// The running job system (nil unless running).
    var jobSystem: JobSystem? { group.isRunning ? builder.jobs.withLock { $0 } : nil }

    /// Prepares the world and the market, starts the jobs and the relay; returns false (doing nothing) when they run
    /// already, are starting on another thread, or were stopped for good (node stopping or fenced).
    /// - Throws: the writer's or the job system's error; nothing was left running and the services are idle again
    ///   (the node takes writes but runs no jobs until a start succeeds; logged at error level).
    @discardableResult
    func start() throws -> Bool {
        let began = ContinuousClock.now
        do {
            guard try group.startIfIdle() else { return false }
        } catch {
            context.logger.error("primary services failed to start: no jobs, scheduler or relay run until a start succeeds",
                                 [("error", .string(String(describing: error)))])
            throw error
        }
        context.logger.info("primary services started", [
            ("workers", .int(Int64(context.configuration.workerCount))),
            ("services", .string(group.runningNames.joined(separator: ","))),
            ("duration_ms", .double((ContinuousClock.now - began).milliseconds)),
        ])
        return true
    }

    /// Stops the relay, the job workers and the scheduler until the next `start()` (the node handed its primary role
    /// over); running jobs finish, unstarted ones are released. Returns whether they stopped within `deadline`.
    @discardableResult
    func pause(deadline: Duration) -> Bool {
        let stopped = group.pause(deadline: deadline)
        context.logger.info("primary services stopped: the node handed its role over", [("stopped_in_time", .bool(stopped))])
        return stopped
    }

    /// Stops the job workers, the scheduler and the relay for good (running jobs finish, unstarted ones are released);
    /// returns whether they stopped within `deadline`. During a start, the starter stops what it brought up; this
    /// waits for it up to `deadline` (false when the start was still going on then).
    @discardableResult
    func stop(deadline: Duration) -> Bool {
        let stopped = group.stop(deadline: deadline)
        // A relay never started by this group (a start that failed before it) is stopped for good too.
        let relayStopped = context.cloud?.stopRelay(deadline: deadline) ?? true
        return stopped && relayStopped
    }
}

extension PrimaryServices.Builder {
    /// One period's services in start order.
    func makeServices() -> [any Service] {
        let context = context
        var services: [any Service] = [
            ClosureService(name: "world-setup", start: {
                try prepareWorld()
                try context.services.market.prepare()
            }) { _ in true },
            makeSquareObjectBackfill(),
            ClosureService(name: "job-system", start: {
                let system = try makeJobs()
                try system.start()
                jobs.withLock { $0 = system }
            }) { deadline in
                let system = jobs.withLock { jobs in
                    defer { jobs = nil }
                    return jobs
                }
                return system?.stop(deadline: deadline) ?? true
            },
        ]
        if context.configuration.demoAuctions.isEnabled {
            // A first top-up now rather than at the schedule's next instant: something to bid on within seconds.
            services.append(ClosureService(name: "demo-auctions", start: {
                _ = try context.services.jobQueue.enqueue(DemoAuctions.startupJob)
            }) { _ in true })
        }
        if let cloud = context.cloud {
            let queue = context.services.jobQueue
            services.append(ClosureService(name: "outbox-relay", start: { cloud.startRelay(gameQueue: queue) }) { deadline in
                cloud.stopRelay(deadline: deadline, isFinal: false)
            })
        }
        return services
    }

    /// Stores the objects of the stale land squares in the background (`SquareObjectBackfill`), one per period.
    private func makeSquareObjectBackfill() -> ClosureService {
        let backfill = SquareObjectBackfill(writer: context.writer, logger: context.logger)
        return ClosureService(name: "square-object-backfill", start: { backfill.start() }) { deadline in
            backfill.stop(deadline: deadline)
        }
    }

    /// Generates the world on first start (the demo world unless `--no-demo`); a no-op read once it exists.
    private func prepareWorld() throws {
        let configuration = context.configuration
        let setup = try GameSetup.prepare(writer: context.writer, options: GameSetupOptions(
            seed: configuration.worldSeed, isDemo: configuration.isDemo), clock: context.clock)
        context.logger.info("world ready", [
            ("created", .bool(setup.didCreateWorld)), ("seed", .string(String(setup.seed))),
            ("regions", .int(Int64(setup.regionCount))), ("squares", .int(Int64(setup.squareCount))),
        ])
    }

    /// The job system with every handler and schedule of a primary, over the node's one job queue; the first call
    /// registers the metrics (and the Atlas export's), later ones reuse them.
    private func makeJobs() throws -> JobSystem {
        let (services, logger) = (context.services, context.logger)
        if let blueprint = blueprint.withLock({ $0 }) {
            return try JobSystem(queue: services.jobQueue, handlers: blueprint.handlers, schedules: blueprint.schedules,
                                 metrics: blueprint.metrics, logger: logger)
        }
        let (handlers, schedules) = try makeHandlersAndSchedules()
        let jobs = try JobSystem(queue: services.jobQueue, handlers: handlers, schedules: schedules,
                                 registry: context.metrics.registry, logger: logger)
        blueprint.withLock { $0 = PrimaryServices.JobsBlueprint(handlers: handlers, schedules: schedules, metrics: jobs.metrics) }
        return jobs
    }

    private func makeHandlersAndSchedules() throws -> (JobHandlers, [Schedule]) {
        let (configuration, services, logger, registry) = (context.configuration, context.services, context.logger,
                                                           context.metrics.registry)
        var handlers = JobHandlers()
        ResourceJobs.register(in: &handlers, land: services.land)
        AuctionJobs.register(in: &handlers, auctions: services.auctions)
        MarketJobs.register(in: &handlers, market: services.market)
        var schedules = SeedSchedules.all + MarketJobs.schedules
        if configuration.demoAuctions.isEnabled {
            DemoAuctions.register(in: &handlers, auctions: services.auctions, settings: configuration.demoAuctions)
            schedules.append(DemoAuctions.schedule(configuration.demoAuctions))
        }
        if services.jobQueue.configuration.remoteKinds.contains(StandbyLedgerAudit.kind) {
            schedules.append(StandbyLedgerAudit.schedule)
        }
        if let atlas = configuration.atlas {
            schedules.append(try AtlasExport.install(atlas, configuration: configuration, handlers: &handlers,
                                                     registry: registry, clock: context.clock, logger: logger))
        }
        return (handlers, schedules)
    }
}
