import Store

/// What a test reads of a database behind the code under test, on a read-only connection of its own.
extension StoreConfiguration {
    /// Runs `body` on a fresh read-only connection, closed afterwards.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: self, readOnly: true)
        defer { connection.close() }
        return try body(connection)
    }

    /// The row count of each of `tables`, and under "balance_sum" the sum of the accounts' absolute balances: what a
    /// refused request must leave as it was.
    public func rowCounts(_ tables: [String]) throws -> [String: Int64] {
        try read { connection in
            var counts: [String: Int64] = [:]
            for table in tables {
                counts[table] = try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n")
            }
            counts["balance_sum"] = try connection.queryOne("SELECT sum(abs(balance)) AS n FROM accounts")?.int64("n")
            return counts
        }
    }
}
