import Store

extension World {
    /// Up to `limit` of the squares `ownerID` owns, in id order, and how many they own in all.
    ///
    /// Uses the `land_squares_owner` index; the caller bounds `limit`.
    public static func squares(ownedBy ownerID: Int64, limit: Int, in database: any SQLExecutor)
        throws(GameError) -> (squares: [LandSquare], total: Int64) {
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT \(LandSquare.columns) FROM land_squares WHERE owner_id = ? ORDER BY id LIMIT ?",
                               [ownerID, Int64(max(0, limit))])
        }
        let total = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT count(*) AS total FROM land_squares WHERE owner_id = ?", [ownerID])?
                .int64("total") ?? 0
        }
        var squares: [LandSquare] = []
        squares.reserveCapacity(rows.count)
        for row in rows { squares.append(try LandSquare(row: row)) }
        return (squares, total)
    }
}
