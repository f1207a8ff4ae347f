import Clocks
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The writer-command bodies of the resource economy's scheduled work: starting a run, applying one chunk (harvests,
/// extraction, new deposits) and the expansion check. `ResourceJobs` calls them inside each job's own writer command,
/// so a chunk applies exactly once and a crashed run resumes at its committed cursor.
extension LandService {
    /// Starts a run due now (unless one is running) and queues its first chunk on the node's queue.
    /// - Parameter logger: the job's logger (its lines carry the job's fields).
    public func startRun(logger: Logger, in transaction: Transaction) throws {
        let now = clock.now.rawValue
        switch try ResourceRuns.start(dueAt: now, now: now, configuration: configuration, in: transaction) {
        case .alreadyRunning(let run):
            logger.info("resource run already running", [("run_id", .int(run.id)), ("cursor", .int(run.cursor))])
        case .started(let run, let replaced):
            if let replaced {
                logger.warning("resource run stalled", [("run_id", .int(replaced.id)), ("cursor", .int(replaced.cursor))])
            }
            _ = try queue.enqueue(try ResourceJobs.chunkJob(runID: run.id, cursor: run.cursor), in: transaction)
            logger.info("resource run started", [("run_id", .int(run.id)), ("last_square_id", .int(run.lastSquareID))])
        }
    }

    /// Applies the chunk of `runID` at `cursor`; queues the next or, after the last, publishes
    /// `resource_run_completed`. A chunk whose cursor the run has moved past is skipped (logged).
    public func runChunk(runID: Int64, cursor: Int64, logger: Logger, in transaction: Transaction) throws {
        let now = clock.now.rawValue
        guard let result = try ResourceChunk.process(runID: runID, expectedCursor: cursor, now: now,
                                                     configuration: configuration, in: transaction) else {
            logger.info("resource chunk skipped", [("run_id", .int(runID)), ("cursor", .int(cursor))])
            return
        }
        if !result.isRunFinished {
            _ = try queue.enqueue(try ResourceJobs.chunkJob(runID: result.run.id, cursor: result.run.cursor),
                                  in: transaction)
        }
        let metrics = metrics
        let run = result.run
        let updated = result.updatedSquares
        try bus.publish(result.events, after: transaction)
        transaction.afterCommit {
            metrics?.squaresUpdated.increment(by: updated)
            guard run.status == .completed, let endedAt = run.endedAt else { return }
            let seconds = Double(max(1, endedAt - run.startedAt)) / 1000
            metrics?.runsCompleted.increment()
            metrics?.lastRunThroughput.set(Double(run.updatedItems) / seconds)
            logger.info("resource run completed", [
                ("run_id", .int(run.id)), ("updated_items", .int(run.updatedItems)),
                ("failed_items", .int(run.failedItems)), ("chunks", .int(run.chunks)),
                ("new_deposits", .int(run.newDeposits)), ("duration_ms", .int(endedAt - run.startedAt)),
            ])
        }
    }

    /// One expansion check; publishes `region_opened` when a region opens.
    public func checkExpansion(logger: Logger, in transaction: Transaction) throws {
        let (outcome, events) = try Expansion.check(now: clock.now.rawValue, configuration: configuration,
                                                    in: transaction)
        let metrics = metrics
        try bus.publish(events, after: transaction)
        transaction.afterCommit {
            switch outcome {
            case .opened(let region):
                metrics?.regionsOpened.increment()
                logger.info("region opened", [("region_id", .int(region.id)), ("region_x", .int(region.regionX)),
                                              ("region_y", .int(region.regionY))])
            case .belowThreshold(let owned, let open):
                logger.debug("expansion not needed", [("owned", .int(owned)), ("open", .int(open))])
            case .coolingDown, .exhausted:
                logger.debug("expansion skipped")
            }
        }
    }
}
