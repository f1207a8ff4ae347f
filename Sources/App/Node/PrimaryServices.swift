import API
import Clocks
import Engine
import Foundation
import Game
import Jobs
import Locking
import Monitoring
import Replication
import Store
import Telemetry

/// The parts only a primary runs: world setup and market preparation, the job workers and the scheduler over the
/// node's one job queue (settlements, resource runs, market matching, exports), and the cloud outbox relay.
///
/// Why a separate object: a node becomes primary either at start-up or online (`worldgame promote`, the admin route,
/// auto-promotion), and stops being one when it is fenced; both must leave it exactly as a restart would. `start()`
/// runs on the thread that makes the node primary (main thread at start-up, the promote route's thread, the peer
/// watcher's thread); `stop(deadline:)` on the fencing thread or the shutdown thread. A `Locked` phase orders them:
/// the services run at most once per process, and never after a stop (a stop during the start stops them as soon
/// as they are up, and waits for that). A failed start leaves nothing running and goes back to idle, so it can be
/// tried again (`Node.startPrimaryServices` retries after an online promotion). The lock is never held across the
/// blocking start or stop.
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

    /// Where the services are in their one life per process.
    private enum Phase {
        case idle
        case starting
        /// A stop arrived while starting: the starter stops what it brought up.
        case stopRequested
        case running(JobSystem)
        case stopped
    }

    /// How often `stop(deadline:)` checks whether a start it interrupted has finished stopping.
    private static let stopPollInterval: TimeInterval = 0.01

    private let context: Context
    private let phase = Locked<Phase>(.idle)

    init(context: Context) {
        self.context = context
    }

    /// Whether the job workers and scheduler run now.
    var isRunning: Bool {
        phase.withLock { phase in
            if case .running = phase { return true }
            return false
        }
    }

    /// The running job system (nil unless running).
    var jobSystem: JobSystem? {
        phase.withLock { phase in
            if case .running(let jobs) = phase { return jobs }
            return nil
        }
    }

    /// Prepares the world and the market, starts the jobs and the relay; returns false (doing
    /// nothing) when they run already, are starting on another thread, or were stopped (node stopping or fenced).
    /// - Throws: the writer's or the job system's error; nothing was left running and the services are idle again
    ///   (the node takes writes but runs no jobs until a start succeeds; logged at error level).
    @discardableResult
    func start() throws -> Bool {
        let mayStart = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .starting
            return true
        }
        guard mayStart else { return false }
        let began = ContinuousClock.now
        let jobs: JobSystem
        do {
            jobs = try bringUp()
        } catch {
            let stopRequested = phase.withLock { phase -> Bool in
                if case .stopRequested = phase {
                    phase = .stopped
                    return true
                }
                phase = .idle
                return false
            }
            context.logger.error("primary services failed to start: no jobs, scheduler or relay run until a start succeeds",
                                 [("error", .string(String(describing: error))), ("stop_requested", .bool(stopRequested))])
            throw error
        }
        let keep = phase.withLock { phase -> Bool in
            if case .stopRequested = phase { return false }
            phase = .running(jobs)
            return true
        }
        guard keep else {
            jobs.stop(deadline: .seconds(5))
            context.cloud?.stopRelay(deadline: .seconds(5))
            phase.withLock { $0 = .stopped }
            return false
        }
        context.logger.info("primary services started", [
            ("workers", .int(Int64(context.configuration.workerCount))),
            ("duration_ms", .double((ContinuousClock.now - began).milliseconds)),
        ])
        return true
    }

    /// Stops the job workers, the scheduler and the relay for good (running jobs finish, unstarted ones are released);
    /// returns whether they stopped within `deadline`. During a start, the starter stops what it brought up; this
    /// waits for it up to `deadline` (false when the start was still going on then).
    @discardableResult
    func stop(deadline: Duration) -> Bool {
        let end = ContinuousClock.now + deadline
        let (jobs, wasStarting) = phase.withLock { phase -> (JobSystem?, Bool) in
            switch phase {
            case .running(let jobs):
                phase = .stopped
                return (jobs, false)
            case .starting, .stopRequested:
                phase = .stopRequested
                return (nil, true)
            case .idle, .stopped:
                phase = .stopped
                return (nil, false)
            }
        }
        let relayStopped = context.cloud?.stopRelay(deadline: deadline) ?? true
        if wasStarting { return waitUntilStopped(until: end) && relayStopped }
        return (jobs?.stop(deadline: deadline) ?? true) && relayStopped
    }

    /// Waits (polling) until an interrupted start has stopped what it brought up, or `end` passed.
    private func waitUntilStopped(until end: ContinuousClock.Instant) -> Bool {
        while true {
            let isStopped = phase.withLock { phase -> Bool in
                if case .stopped = phase { return true }
                return false
            }
            if isStopped { return true }
            guard ContinuousClock.now < end else { return false }
            Thread.sleep(forTimeInterval: Self.stopPollInterval)
        }
    }

    private func bringUp() throws -> JobSystem {
        try prepareWorld()
        try context.services.market.prepare()
        let jobs = try makeJobs()
        try jobs.start()
        if context.configuration.demoAuctions.isEnabled {
            // A first top-up now rather than at the schedule's next instant: something to bid on within seconds.
            _ = try jobs.queue.enqueue(DemoAuctions.startupJob)
        }
        context.cloud?.startRelay(gameQueue: jobs.queue)
        return jobs
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

    /// The job system with every handler and schedule of a primary, over the node's one job queue.
    private func makeJobs() throws -> JobSystem {
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
        let jobs = try JobSystem(queue: services.jobQueue, handlers: handlers, schedules: schedules, registry: registry,
                                 logger: logger)
        return jobs
    }
}
