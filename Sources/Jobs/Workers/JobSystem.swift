import Clocks
import Dispatch
import Foundation
import Store
import Synchronization
import Telemetry

/// The whole work queue of a node: the queue, the worker pool, the scheduler and its thread, and the metrics.
///
/// The node's lifecycle creates it after the Writer, calls `start()` (register schedules, enqueue runs missed while
/// down, start the workers and the "worldgame-jobs-scheduler" thread) and `stop(deadline:)` before shutting the writer
/// down. The scheduler thread ticks the scheduler, recounts the queue depth from its own read-only connection (which
/// it alone owns) and purges old done jobs.
public final class JobSystem: Sendable {
    public let queue: JobQueue
    public let scheduler: JobScheduler
    public let workers: JobWorkerPool
    /// The job metrics (nil without a registry); a later job system of the same node reuses them.
    public let metrics: JobMetrics?
    let storeConfiguration: StoreConfiguration
    let logger: Logger
    private let isStopping = Atomic<Bool>(false)
    private let isStarted = Atomic<Bool>(false)
    private let schedulerWakeup = JobWakeup()
    private let schedulerExited = DispatchGroup()

    /// - Parameters:
    ///   - writer: the node's writer; every change goes through it.
    ///   - handlers: handlers by kind; seed kinds without a handler get the placeholder (`SeedSchedules`).
    ///   - schedules: the persisted schedules to run (the seed's three by default).
    ///   - registry: where the job metrics are registered (nil: no metrics).
    ///   - clock: the wall clock of every time rule (injected in tests).
    /// - Throws: `JobsError` for invalid schedules, `MetricsError` for a metric registered twice.
    public convenience init(writer: Writer, configuration: JobsConfiguration, handlers: JobHandlers,
                            schedules: [Schedule] = SeedSchedules.all, registry: MetricsRegistry?, logger: Logger,
                            clock: any WallClock = SystemClock()) throws {
        try self.init(queue: JobQueue(writer: writer, clock: clock, configuration: configuration), handlers: handlers,
                      schedules: schedules, registry: registry, logger: logger)
    }

    /// The job system over the node's one `queue`, built before it so the domain services enqueue on the queue whose
    /// workers claim their jobs.
    /// - Parameters:
    ///   - queue: the node's job queue (its writer, clock and configuration are the system's).
    ///   - handlers: handlers by kind; seed kinds without a handler get the placeholder (`SeedSchedules`).
    ///   - schedules: the persisted schedules to run (the seed's three by default).
    ///   - registry: where the job metrics are registered (nil: no metrics).
    /// - Throws: `JobsError` for invalid schedules, `MetricsError` for a metric registered twice.
    public convenience init(queue: JobQueue, handlers: JobHandlers, schedules: [Schedule] = SeedSchedules.all,
                            registry: MetricsRegistry?, logger: Logger) throws {
        var withPlaceholders = handlers
        SeedSchedules.registerPlaceholderHandlers(in: &withPlaceholders)
        var metrics: JobMetrics?
        if let registry { metrics = try JobMetrics(registry: registry, kinds: withPlaceholders.kinds) }
        try self.init(queue: queue, handlers: handlers, schedules: schedules, metrics: metrics, logger: logger)
    }

    /// A job system over `queue` that reports to metrics registered earlier (a node that starts its jobs again after
    /// handing its primary role over and taking it back: a registry takes each metric name once).
    /// - Throws: `JobsError` for invalid schedules.
    public init(queue: JobQueue, handlers: JobHandlers, schedules: [Schedule] = SeedSchedules.all,
                metrics: JobMetrics?, logger: Logger) throws {
        var handlers = handlers
        SeedSchedules.registerPlaceholderHandlers(in: &handlers)
        self.queue = queue
        self.metrics = metrics
        self.storeConfiguration = queue.writer.configuration
        self.logger = logger
        scheduler = try JobScheduler(queue: queue, schedules: schedules, logger: logger)
        var observer: JobObserver?
        if let metrics { observer = { report in metrics.record(report) } }
        workers = JobWorkerPool(queue: queue, handlers: handlers, logger: logger, observer: observer)
    }

    /// Registers the schedules, enqueues runs that came due while the node was down (once each), starts the workers and
    /// the scheduler thread.
    /// - Throws: the writer's error when the schedules cannot be written.
    public func start() throws {
        guard !isStarted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try scheduler.register()
        try scheduler.tick()
        workers.start()
        schedulerExited.enter()
        let thread = Thread { [self] in
            runSchedulerLoop()
            schedulerExited.leave()
        }
        thread.name = "worldgame-jobs-scheduler"
        thread.start()
    }

    /// Stops the scheduler thread and the workers (no new claims; running jobs finish, unstarted ones are released),
    /// waiting at most `deadline`. Call before `Writer.shutdown()`. Returns whether everything stopped in time.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        let end = ContinuousClock.now + deadline
        isStopping.store(true, ordering: .releasing)
        schedulerWakeup.signal()
        let workersStopped = workers.stop(deadline: deadline)
        guard isStarted.load(ordering: .acquiring) else { return workersStopped }
        let remaining = max(.zero, end - ContinuousClock.now)
        let schedulerStopped = schedulerExited.wait(timeout: .now() + Double(remaining.wholeMilliseconds) / 1000) == .success
        return workersStopped && schedulerStopped
    }

    private func runSchedulerLoop() {
        let configuration = queue.configuration
        var reader: Connection?
        var lastDepthRefresh: ContinuousClock.Instant?
        var lastPurge = ContinuousClock.now
        var lastRenewal = ContinuousClock.now
        while !isStopping.load(ordering: .acquiring) {
            let seen = schedulerWakeup.currentGeneration
            do {
                try scheduler.tick()
            } catch {
                logger.error("schedule tick failed", [("error", .string(String(describing: error)))])
            }
            if let metrics, lastDepthRefresh.map({ ContinuousClock.now - $0 >= configuration.queueDepthRefresh }) ?? true {
                lastDepthRefresh = ContinuousClock.now
                reader = refreshQueueDepth(metrics, reader: reader)
            }
            if ContinuousClock.now - lastRenewal >= configuration.leaseRenewal {
                lastRenewal = ContinuousClock.now
                renewHeldLeases()
            }
            if let retention = configuration.doneRetention, ContinuousClock.now - lastPurge >= .seconds(60) {
                lastPurge = ContinuousClock.now
                purgeDoneJobs(olderThan: retention)
            }
            schedulerWakeup.wait(since: seen, timeout: configuration.schedulerTick)
        }
        reader?.close()
    }

    /// Recounts the queue from `reader` (opened on first use, on this thread); returns the connection to keep.
    private func refreshQueueDepth(_ metrics: JobMetrics, reader: Connection?) -> Connection? {
        do {
            let connection = try reader ?? Connection(configuration: storeConfiguration, readOnly: true)
            metrics.refreshQueueDepth(try JobTable.depthCounts(in: connection))
            return connection
        } catch {
            logger.warning("job queue depth refresh failed", [("error", .string(String(describing: error)))])
            reader?.close()
            return nil
        }
    }

    /// Extends the leases the workers hold, so a long job is not reclaimed while this process lives; returns how many.
    @discardableResult
    public func renewHeldLeases() -> Int {
        do {
            let held = workers.heldLeases
            let renewable = workers.renewableLeases(maxAge: queue.configuration.maxRenewedRun)
            if renewable.count < held.count {
                logger.warning("job lease not renewed: running longer than the maximum", [
                    ("jobs", .int(Int64(held.count - renewable.count))),
                    ("max_run_s", .int(queue.configuration.maxRenewedRun.components.seconds)),
                ])
            }
            return try queue.renew(renewable)
        } catch {
            logger.warning("job lease renewal failed", [("error", .string(String(describing: error)))])
            return 0
        }
    }

    private func purgeDoneJobs(olderThan retention: Duration) {
        let cutoff = (queue.clock.now - retention).rawValue
        do {
            let purged = try queue.writer.performAndWait { transaction in
                try JobTable.purgeDone(finishedBefore: cutoff, limit: 1000, in: transaction)
            }
            if purged > 0 { logger.info("done jobs purged", [("count", .int(Int64(purged)))]) }
        } catch {
            logger.warning("done job purge failed", [("error", .string(String(describing: error)))])
        }
    }
}
