import Store

/// The query plan SQLite chooses for one statement (`EXPLAIN QUERY PLAN`), for tests that pin a hot path's plan.
///
/// Shared by every test target that checks statements of a hot read or write path, so they all read plans the same
/// way. `details` are SQLite's lines in order (`SEARCH land_squares USING INDEX land_squares_y_x (y=? AND x>? AND
/// x<?)`, `USE TEMP B-TREE FOR ORDER BY`, ...); their wording is SQLite's (https://www.sqlite.org/eqp.html) and is
/// stable within the system library's version. Run on a connection whose schema is fully migrated: the plan depends
/// on the indexes present (and on `ANALYZE` statistics, which our databases do not keep).
public struct QueryPlan: Sendable, CustomStringConvertible {
    /// SQLite's plan lines, outermost first.
    public let details: [String]

    /// The plan of `sql` with `arguments` bound (values can change the plan only through `LIKE` and similar).
    public init(of sql: String, _ arguments: [any SQLiteBindable] = [], in database: any SQLExecutor) throws {
        details = try database.query("EXPLAIN QUERY PLAN " + sql, arguments).map { try $0.string("detail") }
    }

    /// Lines that read a whole table or index: `SCAN t` with no index, or `SCAN t USING [COVERING] INDEX i`
    /// (which visits every entry of `i` unless a `LIMIT` stops it early; tests that accept such a bounded scan say so).
    public var scans: [String] {
        details.filter { $0.hasPrefix("SCAN ") && !$0.hasPrefix("SCAN CONSTANT ROW") }
            .filter { line in !Self.subqueryScans.contains { line.hasPrefix($0) } }
    }

    /// Lines of a full table scan: `SCAN t` without any index.
    public var fullTableScans: [String] {
        scans.filter { !$0.contains(" USING ") }
    }

    /// Lines where SQLite sorts or groups in a temporary B-tree (`USE TEMP B-TREE FOR ORDER BY` / `GROUP BY` /
    /// `DISTINCT`): the index does not deliver the rows in the order the statement asks for.
    public var temporaryBTrees: [String] {
        details.filter { $0.hasPrefix("USE TEMP B-TREE") }
    }

    /// Whether a line of the plan contains `text`.
    public func mentions(_ text: String) -> Bool {
        details.contains { $0.contains(text) }
    }

    public var description: String { details.joined(separator: "\n") }

    /// Scans of a statement's own common table expressions and constant rows, which read no stored table.
    private static let subqueryScans = ["SCAN area_rows"]
}
