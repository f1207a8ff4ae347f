import Store
import Testing

/// Compares two nodes' databases table by table, row by row (all tables but the replication bookkeeping).
enum DatabaseComparison {
    static let skipped: Set<String> = ["replication_node", "replication_log", "schema_migrations", "sqlite_sequence"]

    static func expectEqual(_ firstPath: String, _ secondPath: String) throws {
        let first = try Connection(configuration: StoreConfiguration(path: firstPath), readOnly: true)
        let second = try Connection(configuration: StoreConfiguration(path: secondPath), readOnly: true)
        defer { first.close(); second.close() }
        let tables = try first.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .map { try $0.string("name") }.filter { !skipped.contains($0) && !$0.hasPrefix("sqlite_") }
        #expect(tables.count > 5)
        for table in tables {
            let firstRows = try first.query("SELECT * FROM \(table) ORDER BY 1").map { "\($0.values)" }
            let secondRows = try second.query("SELECT * FROM \(table) ORDER BY 1").map { "\($0.values)" }
            #expect(firstRows.count == secondRows.count, "table \(table) row count")
            #expect(firstRows == secondRows, "table \(table) differs")
        }
    }
}
