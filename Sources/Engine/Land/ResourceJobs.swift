import Clocks
import Foundation
import Game
import Jobs
import Store

/// The job handlers of the resource economy: `scheduleResourceUpdates` starts a run, `resourceUpdateChunk` applies
/// one chunk and queues the next, `checkExpansionNeeds` opens a region when the world is full enough.
///
/// All three are database-only jobs whose bodies are `LandService`'s: each runs on the writer thread inside one
/// writer command with the job's done mark, so a chunk applies exactly once and a crashed run resumes at its
/// committed cursor. Register them at start-up (they replace the seed's placeholders for the two scheduled kinds).
public enum ResourceJobs {
    /// The kind of one chunk of a resource update run; payload `{"runId":…,"cursor":…}`.
    public static let chunkKind = "resourceUpdateChunk"

    /// Registers the three handlers over `land`.
    public static func register(in handlers: inout JobHandlers, land: LandService) {
        handlers.register(SeedSchedules.scheduleResourceUpdates, .database { context, transaction in
            try land.startRun(logger: context.logger, in: transaction)
        })
        handlers.register(chunkKind, .database { context, transaction in
            let payload = try JSONDecoder().decode(ChunkPayload.self, from: Data(context.job.payload.utf8))
            try land.runChunk(runID: payload.runId, cursor: payload.cursor, logger: context.logger, in: transaction)
        })
        handlers.register(SeedSchedules.checkExpansionNeeds, .database { context, transaction in
            try land.checkExpansion(logger: context.logger, in: transaction)
        })
    }

    /// The payload of a chunk job.
    struct ChunkPayload: Codable, Equatable {
        var runId: Int64
        var cursor: Int64
    }

    /// The job that applies the chunk of `runID` at `cursor` (deduplicated per run and cursor).
    static func chunkJob(runID: Int64, cursor: Int64) throws -> NewJob {
        let payload = String(decoding: try JSONEncoder().encode(ChunkPayload(runId: runID, cursor: cursor)), as: UTF8.self)
        return NewJob(kind: chunkKind, payload: payload, priority: 1, dedupeKey: "resource-run:\(runID):\(cursor)")
    }
}
