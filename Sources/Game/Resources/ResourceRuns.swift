import Store

/// How `ResourceRuns.start` ended: a new run, or the one already running (a run at a time).
public enum ResourceRunStart: Sendable, Equatable {
    /// A run was created; `replaced` is a stalled run marked failed to make room, if any.
    case started(ResourceUpdateRun, replaced: ResourceUpdateRun?)
    /// A run is still running and making progress; nothing was created.
    case alreadyRunning(ResourceUpdateRun)
}

/// The resource update runs: start one, list them, and find one. Chunks are processed by `ResourceChunk`.
///
/// Changes run inside a writer `Transaction` (the writer thread); reads take any executor.
public enum ResourceRuns {
    /// Why the ledger moved: production paid from the mint to a square's owner.
    public static let yieldReason = TransferReason(rawValue: "resource_yield")

    /// Starts a run due at `dueAt` unless one is running; a run without progress for
    /// `configuration.stalledRunMilliseconds` is marked failed first.
    public static func start(dueAt: Int64, now: Int64, configuration: ResourceConfiguration,
                             in transaction: Transaction) throws(GameError) -> ResourceRunStart {
        var replaced: ResourceUpdateRun?
        if let running = try self.running(in: transaction) {
            guard now - running.updatedAt >= configuration.stalledRunMilliseconds else { return .alreadyRunning(running) }
            try storeCall { () throws(StoreError) in
                try transaction.run(
                    "UPDATE resource_update_runs SET status = 'failed', ended_at = ?2, updated_at = ?2, error = ?3 WHERE id = ?1",
                    [running.id, now, "stalled: no progress since \(running.updatedAt) (cursor \(running.cursor))"])
            }
            replaced = try find(id: running.id, in: transaction)
        }
        try storeCall { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO resource_update_runs (due_at, status, started_at, updated_at, last_square_id)
                VALUES (?1, 'running', ?2, ?2, (SELECT coalesce(max(id), 0) FROM land_squares))
                """, [dueAt, now])
        }
        let id = transaction.lastInsertRowID
        guard let run = try find(id: id, in: transaction) else { throw .corruptRow(table: "resource_update_runs", id: id, detail: "vanished") }
        return .started(run, replaced: replaced)
    }

    /// The running run, if any.
    public static func running(in database: any SQLExecutor) throws(GameError) -> ResourceUpdateRun? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(ResourceUpdateRun.columns) FROM resource_update_runs WHERE status = 'running'")
        }
        return try row.map { row throws(GameError) in try ResourceUpdateRun(row: row) }
    }

    /// The run with `id`, or nil.
    public static func find(id: Int64, in database: any SQLExecutor) throws(GameError) -> ResourceUpdateRun? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(ResourceUpdateRun.columns) FROM resource_update_runs WHERE id = ?1", [id])
        }
        return try row.map { row throws(GameError) in try ResourceUpdateRun(row: row) }
    }

    /// The newest runs first.
    public static func list(limit: Int, in database: any SQLExecutor) throws(GameError) -> [ResourceUpdateRun] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT \(ResourceUpdateRun.columns) FROM resource_update_runs ORDER BY id DESC LIMIT ?1",
                               [max(0, limit)])
        }
        var runs: [ResourceUpdateRun] = []
        for row in rows { runs.append(try ResourceUpdateRun(row: row)) }
        return runs
    }

    /// The world seed stored by `GameSetup` (0 when the world has none yet).
    static func worldSeed(in database: any SQLExecutor) throws(GameError) -> UInt64 {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT value FROM world_settings WHERE key = 'seed'")
        }
        let text = try storeCall { () throws(StoreError) in try row?.string("value") }
        return text.flatMap(UInt64.init) ?? 0
    }
}
