import Store

/// The pieces every `worldgame verify` check is read with: the rows that break an invariant (one line each), a count
/// for the check's scope, and the cap on the lines a check reports.
///
/// Why it exists: the ledger, auction, market and resource audits all read their invariants the same way; one helper
/// keeps their lines, counts and caps alike. Read-only SQL over any executor; pure functions, any thread.
enum AuditQueries {
    /// One line per row of `sql` (a query that selects only the rows breaking the invariant), written by `describe`.
    static func violations(
        _ database: any SQLExecutor, _ sql: String, _ describe: (Row) throws(StoreError) -> String
    ) throws(StoreError) -> [String] {
        try database.query(sql).map(describe)
    }

    /// The `n` column of `sql` (`SELECT count(*) AS n ...`), 0 when it returns no row.
    static func count(_ database: any SQLExecutor, _ sql: String) throws(StoreError) -> Int64 {
        try database.queryOne(sql)?.int64("n") ?? 0
    }

    /// The check `name`: the rows of `violationsSQL` are its violations, one line each as `describe` writes it
    /// (capped), and its scope is the `n` of `countSQL` followed by `counted` (`12 owned squares`).
    static func check(
        _ name: String, in database: any SQLExecutor, violations violationsSQL: String, scope countSQL: String,
        counted noun: String, _ describe: (Row) throws(StoreError) -> String
    ) throws(StoreError) -> AuditCheck {
        let violations = try violations(database, violationsSQL, describe)
        let count = try count(database, countSQL)
        return AuditCheck(name: name, scope: "\(count) \(noun)", violations: capped(violations))
    }

    /// At most `LedgerAudit.maxViolationsPerCheck` lines, then one `... and N more` line for the rest.
    static func capped(_ violations: [String]) -> [String] {
        let limit = LedgerAudit.maxViolationsPerCheck
        guard violations.count > limit else { return violations }
        return Array(violations.prefix(limit)) + ["... and \(violations.count - limit) more"]
    }
}
