import Store

/// The resource economy's invariants for `worldgame verify` (added to `LedgerAudit.run`): merged plots are whole,
/// deposits are never negative, at most one resource run is running, and square locks name existing squares.
///
/// Read-only SQL over any executor, like `LedgerAudit`.
public enum ResourceAudit {
    /// Every resource check, in order.
    public static func checks(_ database: any SQLExecutor) throws(StoreError) -> [AuditCheck] {
        [try mergedPlotsAreWhole(database), try depositsNotNegative(database), try oneRunningRun(database)]
    }

    static func mergedPlotsAreWhole(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            """
            SELECT m.id, m.square_count, (SELECT count(*) FROM land_squares s WHERE s.merge_id = m.id) AS n
            FROM land_merges m WHERE m.square_count <> (SELECT count(*) FROM land_squares s WHERE s.merge_id = m.id)
            LIMIT 100
            """)
        var violations: [String] = []
        for row in rows {
            violations.append("merge \(try row.int64("id")) records \(try row.int64("square_count")) squares but \(try row.int64("n")) point to it")
        }
        let merges = try AuditQueries.count(database, "SELECT count(*) AS n FROM land_merges")
        return AuditCheck(name: "resources: every merged plot has exactly its recorded squares", scope: "\(merges) merges",
                          violations: Array(violations.prefix(LedgerAudit.maxViolationsPerCheck)))
    }

    static func depositsNotNegative(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            "SELECT id FROM land_squares WHERE mine_remaining_ore < 0 OR oil_capacity < 0 OR farm_level < 1 LIMIT 100")
        var violations: [String] = []
        for row in rows { violations.append("square \(try row.int64("id")) has a negative deposit or a farm below level 1") }
        let deposits = try database.queryOne("SELECT count(*) AS n FROM land_squares WHERE resource_kind IS NOT NULL")?
            .int64("n") ?? 0
        return AuditCheck(name: "resources: no deposit is negative", scope: "\(deposits) resources",
                          violations: Array(violations.prefix(LedgerAudit.maxViolationsPerCheck)))
    }

    static func oneRunningRun(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let running = try database.queryOne("SELECT count(*) AS n FROM resource_update_runs WHERE status = 'running'")?
            .int64("n") ?? 0
        let runs = try AuditQueries.count(database, "SELECT count(*) AS n FROM resource_update_runs")
        return AuditCheck(name: "resources: at most one update run is running", scope: "\(runs) runs",
                          violations: running > 1 ? ["\(running) runs are running at once"] : [])
    }
}
