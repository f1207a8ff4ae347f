import Clocks
import Foundation
import Game
import Jobs
import Store

/// The job handlers of the resource economy: `scheduleResourceUpdates` starts a run, `resourceUpdateChunk` applies
/// one chunk and queues the next, `checkExpansionNeeds` opens a region when the world is full enough.
///
/// All three are database-only jobs: each runs on the writer thread inside one writer command with the job's done
/// mark, so a chunk applies exactly once and a crashed run resumes at its committed cursor. Register them at start-up
/// (they replace the seed's placeholders for the two scheduled kinds).
public enum ResourceJobs {
    /// The kind of one chunk of a resource update run; payload `{"runId":…,"cursor":…}`.
    public static let chunkKind = "resourceUpdateChunk"

    /// Registers the three handlers.
    public static func register(in handlers: inout JobHandlers, environment: ResourceEngineEnvironment) {
        handlers.register(SeedSchedules.scheduleResourceUpdates, .database { context, transaction in
            try startRun(context, environment: environment, in: transaction)
        })
        handlers.register(chunkKind, .database { context, transaction in
            try runChunk(context, environment: environment, in: transaction)
        })
        handlers.register(SeedSchedules.checkExpansionNeeds, .database { context, transaction in
            try checkExpansion(context, environment: environment, in: transaction)
        })
    }

    /// The payload of a chunk job.
    struct ChunkPayload: Codable, Equatable {
        var runId: Int64
        var cursor: Int64
    }

    static func chunkJob(runID: Int64, cursor: Int64) throws -> NewJob {
        let payload = String(decoding: try JSONEncoder().encode(ChunkPayload(runId: runID, cursor: cursor)), as: UTF8.self)
        return NewJob(kind: chunkKind, payload: payload, priority: 1, dedupeKey: "resource-run:\(runID):\(cursor)")
    }

    /// Starts a run due now (unless one is running) and queues its first chunk.
    static func startRun(_ context: JobContext, environment: ResourceEngineEnvironment,
                         in transaction: Transaction) throws {
        let now = environment.clock.now.rawValue
        switch try ResourceRuns.start(dueAt: now, now: now, configuration: environment.configuration, in: transaction) {
        case .alreadyRunning(let run):
            context.logger.info("resource run already running", [("run_id", .int(run.id)), ("cursor", .int(run.cursor))])
        case .started(let run, let replaced):
            if let replaced {
                context.logger.warning("resource run stalled", [("run_id", .int(replaced.id)), ("cursor", .int(replaced.cursor))])
            }
            _ = try environment.queue.enqueue(try chunkJob(runID: run.id, cursor: run.cursor), now: now, in: transaction)
            context.logger.info("resource run started", [("run_id", .int(run.id)), ("last_square_id", .int(run.lastSquareID))])
        }
    }

    /// Applies one chunk; queues the next or, after the last, publishes `resource_run_completed`.
    static func runChunk(_ context: JobContext, environment: ResourceEngineEnvironment,
                         in transaction: Transaction) throws {
        let payload = try JSONDecoder().decode(ChunkPayload.self, from: Data(context.job.payload.utf8))
        let now = environment.clock.now.rawValue
        guard let result = try ResourceChunk.process(runID: payload.runId, expectedCursor: payload.cursor, now: now,
                                                     configuration: environment.configuration, in: transaction) else {
            context.logger.info("resource chunk skipped", [("run_id", .int(payload.runId)), ("cursor", .int(payload.cursor))])
            return
        }
        if !result.isRunFinished {
            _ = try environment.queue.enqueue(try chunkJob(runID: result.run.id, cursor: result.run.cursor), now: now,
                                              in: transaction)
        }
        let bus = environment.events
        let metrics = environment.metrics
        let logger = context.logger
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
    static func checkExpansion(_ context: JobContext, environment: ResourceEngineEnvironment,
                               in transaction: Transaction) throws {
        let (outcome, events) = try Expansion.check(now: environment.clock.now.rawValue,
                                                    configuration: environment.configuration, in: transaction)
        let bus = environment.events
        let metrics = environment.metrics
        let logger = context.logger
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
