import Clocks
import Dispatch
import Foundation
import Synchronization
import Telemetry

/// `--workers N` plain threads ("worldgame-job-worker-N") draining the queue.
///
/// Each worker owns the jobs it claimed. A worker claims again at once while claims come back full, otherwise it waits
/// on the queue's wake condition (an enqueue in this process, or `idleWait`). `stop(deadline:)` stops claiming; each
/// worker finishes the job it is running, releases the rest of its batch and exits. Created, started and stopped by
/// the node's lifecycle thread.
public final class JobWorkerPool: Sendable {
    private let runners: [JobRunner]
    private let queue: JobQueue
    private let logger: Logger
    private let isStopping = Atomic<Bool>(false)
    private let isStarted = Atomic<Bool>(false)
    private let idleWorkers = Atomic<Int>(0)
    private let exited = DispatchGroup()

    /// Lease owners are `<ownerPrefix>:<pid>:<random boot id>:w<N>` (`JobsConfiguration.ownerPrefix`).
    /// - Parameter observer: called on the worker thread after each attempt (metrics).
    public init(queue: JobQueue, handlers: JobHandlers, logger: Logger, observer: JobObserver? = nil) {
        self.queue = queue
        self.logger = logger
        let boot = String(UInt32.random(in: .min ... .max), radix: 16)
        let prefix = "\(queue.configuration.ownerPrefix):\(ProcessInfo.processInfo.processIdentifier):\(boot)"
        runners = (0..<queue.configuration.workerCount).map { index in
            JobRunner(owner: "\(prefix):w\(index)", queue: queue, handlers: handlers,
                      logger: logger, observer: observer)
        }
    }

    /// The leases every worker holds now (claimed batches not yet committed).
    public var heldLeases: [JobLease] { runners.flatMap(\.heldLeases) }

    /// The held leases of batches claimed at most `maxAge` ago (a hung job's lease is left to expire).
    public func renewableLeases(maxAge: Duration) -> [JobLease] {
        runners.flatMap { $0.renewableLeases(maxAge: maxAge) }
    }

    /// Number of worker threads.
    public var workerCount: Int { runners.count }

    /// Workers waiting for a wake-up or their idle timeout (found nothing to claim).
    public var idleWorkerCount: Int { idleWorkers.load(ordering: .relaxed) }

    /// Whether `stop(deadline:)` has been called.
    public var isStopRequested: Bool { shouldStop }

    /// Starts the worker threads. Call once.
    public func start() {
        guard !isStarted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for (index, runner) in runners.enumerated() {
            exited.enter()
            let thread = Thread { [self] in
                runLoop(runner)
                exited.leave()
            }
            thread.name = "worldgame-job-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        logger.info("job workers started", [("workers", .int(Int64(runners.count)))])
    }

    /// Stops claiming, lets running jobs finish and releases claimed jobs not yet started; waits up to `deadline`.
    /// Returns whether every worker exited in time (a worker still inside a long outside handler may not; its lease
    /// then expires and the job is reclaimed later). Idempotent.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        isStopping.store(true, ordering: .releasing)
        queue.wakeup.signal()
        guard isStarted.load(ordering: .acquiring) else { return true }
        let seconds = Double(deadline.wholeMilliseconds) / 1000
        let drained = exited.wait(timeout: .now() + seconds) == .success
        logger.info("job workers stopped", [("drained", .bool(drained))])
        return drained
    }

    private var shouldStop: Bool { isStopping.load(ordering: .acquiring) }

    private func runLoop(_ runner: JobRunner) {
        let configuration = queue.configuration
        while !shouldStop {
            let seen = queue.wakeup.currentGeneration
            var claimed = 0
            do {
                claimed = try runner.runDueJobs(shouldStop: { self.shouldStop })
            } catch {
                logger.warning("job claim failed", [("owner", .string(runner.owner)), ("error", .string(String(describing: error)))])
            }
            if claimed < configuration.claimBatchSize && !shouldStop {
                idleWorkers.add(1, ordering: .relaxed)
                queue.wakeup.wait(since: seen, timeout: configuration.idleWait)
                idleWorkers.subtract(1, ordering: .relaxed)
            }
        }
    }
}
