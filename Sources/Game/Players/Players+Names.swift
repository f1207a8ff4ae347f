import Store

extension Players {
    /// Most ids one `names(ids:)` call looks up.
    public static let maxNameLookup = 100

    /// The usernames of the players among `ids` that exist, by id (unknown ids are left out).
    ///
    /// A read; takes any executor (an event loop's reader). Callers bound `ids` to `maxNameLookup`.
    public static func names(ids: [Int64], in database: any SQLExecutor) throws(GameError) -> [Int64: String] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: unique.count).joined(separator: ",")
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT id, username FROM players WHERE id IN (\(placeholders))", unique.map { $0 as any SQLiteBindable })
        }
        var names: [Int64: String] = [:]
        for row in rows {
            let (id, username) = try storeCall { () throws(StoreError) in (try row.int64("id"), try row.string("username")) }
            names[id] = username
        }
        return names
    }
}
