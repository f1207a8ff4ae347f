import Store

/// Dynamic resource balancing: when a mine or oil field runs dry, one new deposit of the same kind appears on an
/// empty square of the same region, so the world neither empties nor floods (one deposit out, one in).
///
/// Deterministic: the square and the deposit's size come from the world seed, the depleted square's coordinates and
/// the run's due time (`SeededRandom` stream 3). Runs on the writer thread inside a resource update chunk.
public enum ResourceRebalancer {
    /// Places a deposit of `kind` ("mine" or "oil_field") on an empty square of region `regionID`; returns its square id,
    /// or nil when the region has no square without a resource (the deposit is then lost) or the kind is a farm.
    public static func placeDeposit(replacing kind: String, regionID: Int64, x: Int64, y: Int64, seed: UInt64,
                                    dueAt: Int64, now: Int64, configuration: ResourceConfiguration,
                                    in transaction: Transaction) throws(GameError) -> Int64? {
        guard kind == "mine" || kind == "oil_field" else { return nil }
        let rows = try storeCall { () throws(StoreError) in
            try transaction.query(
                "SELECT id FROM land_squares WHERE region_id = ?1 AND resource_kind IS NULL ORDER BY id", [regionID])
        }
        guard !rows.isEmpty else { return nil }
        var random = SeededRandom(seed: seed ^ UInt64(bitPattern: dueAt), x: x, y: y, stream: 3)
        let index = Int(random.integer(in: 0...Int64(rows.count - 1)))
        guard case .integer(let squareID) = rows[index][0] else {
            throw .corruptRow(table: "land_squares", id: 0, detail: "square id is not an integer")
        }
        try storeCall { () throws(StoreError) in
            if kind == "mine" {
                try transaction.run(
                    """
                    UPDATE land_squares SET resource_kind = 'mine', mine_remaining_ore = ?2, mine_depletion_rate = ?3,
                        produced_until = ?4 WHERE id = ?1
                    """,
                    [squareID, random.integer(in: 10...100) * 100, random.integer(in: 10...60), now])
            } else {
                try transaction.run(
                    """
                    UPDATE land_squares SET resource_kind = 'oil_field', oil_capacity = ?2, oil_extraction_rate = ?3,
                        oil_technology_level = 1, produced_until = ?4 WHERE id = ?1
                    """,
                    [squareID, random.integer(in: 5...50) * 1_000, random.integer(in: 50...250), now])
            }
        }
        return squareID
    }
}
