import Store

extension World {
    /// The area query over the squares' stored objects (`land_squares.square_json`, migration 0018): the same rows in
    /// the same (y, x) order as `areaSQL`, through the same `(y, x)` index, with one cell a row: the square's object,
    /// or its id when the object is stale (NULL). `ReadPathPlanTests` pins the plan and the statement count.
    static let areaObjectSQL = """
        SELECT coalesce(s.square_json, s.id) FROM json_each(?1) AS area_rows CROSS JOIN land_squares s
        WHERE s.y = area_rows.value AND s.x BETWEEN ?2 AND ?3
        """

    /// One square's row by id (`LandSquare.columns`), for a stale object met by an area read.
    static let squareRowSQL = "SELECT \(LandSquare.columns) FROM land_squares WHERE id = ?1"

    /// Appends the JSON objects of the area's stored squares to `output`, in (y, x) order and separated by commas, as
    /// `GET /api/land-squares` lists them: each stored object is copied as it is; a stale one (NULL: changed by SQL
    /// that did not store it, or stored before migration 0018, and not yet repaired by the writer) is written from
    /// its row, read in the same transaction, so the bytes are the same either way. Returns how many squares it wrote.
    @discardableResult
    public static func writeSquareObjects(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64,
                                          in database: any SQLExecutor,
                                          into output: inout [UInt8]) throws(GameError) -> Int {
        guard minX <= maxX, minY <= maxY else { return 0 }
        var count = 0
        var stale: [(offset: Int, squareID: Int64)] = []
        try storeCall { () throws(StoreError) in
            try database.forEachRow(areaObjectSQL, [areaRows(minY: minY, maxY: maxY), minX, maxX]) {
                row throws(StoreError) in
                if count > 0 { output.append(UInt8(ascii: ",")) }
                count += 1
                if let squareID = try row.appendTextOrInteger(0, to: &output) {
                    stale.append((output.count, squareID))
                }
            }
            // Last first, so each offset still points where its square belongs.
            var object: [UInt8] = []
            for (offset, squareID) in stale.reversed() {
                object.removeAll(keepingCapacity: true)
                try database.forEachRow(squareRowSQL, [squareID]) { row throws(StoreError) in
                    try SquareJSON.write(row: row, into: &object)
                }
                output.insert(contentsOf: object, at: offset)
            }
        }
        return count
    }
}
