import Game
import Store

/// Helpers over a `GameDatabase` demo world for the resource tests: give squares owners and resources, run a whole
/// resource update run chunk by chunk.
extension GameDatabase {
    /// The first square of the open region around the origin whose resource kind is `kind` and that has no owner.
    func firstSquare(kind: String?, after id: Int64 = 0) throws -> LandSquare {
        let row = try read { connection in
            try connection.queryOne(
                """
                SELECT s.id FROM land_squares s JOIN regions r ON r.id = s.region_id
                WHERE r.is_open = 1 AND s.resource_kind IS ?1 AND s.owner_id IS NULL AND s.id > ?2 ORDER BY s.id LIMIT 1
                """, [kind, id])
        }
        let id = try row?.int64("id") ?? 0
        return try read { try World.square(id: id, in: $0) }
    }

    /// Runs `sql` with `arguments` in one writer command.
    func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        let sendable = arguments
        try writer.performAndWait { transaction in try transaction.run(sql, sendable) }
    }

    /// Starts a run due at `now` and processes every chunk; returns the finished run.
    func runResources(now: Int64, configuration: ResourceConfiguration) throws -> ResourceUpdateRun {
        let start = try writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: now, now: now, configuration: configuration, in: transaction)
        }
        guard case .started(var run, _) = start else { throw GameError.corruptRow(table: "test", id: 0, detail: "running") }
        while run.status == .running {
            let current = run
            let result = try writer.performAndWait { transaction in
                try ResourceChunk.process(runID: current.id, expectedCursor: current.cursor, now: now,
                                          configuration: configuration, in: transaction)
            }
            guard let result else { throw GameError.corruptRow(table: "test", id: run.id, detail: "chunk skipped") }
            run = result.run
        }
        return run
    }

    func holdings(_ playerID: Int64) throws -> PlayerHoldings {
        try read { try Ledger.holdings(playerID: playerID, in: $0) }
    }

    func auditViolations() throws -> [String] {
        try read { try LedgerAudit.run(in: $0) }.flatMap(\.violations)
    }
}
