import Store

extension World {
    /// The area query over the squares' stored JSON objects (migration 0018): the same rows in the same (y, x) order
    /// as `areaSQL`, each seek into `land_squares_area`, whose entries hold (y, x, square_json), so SQLite never
    /// visits the table: one index cell per square instead of a table row and 16 cells. `ReadPathPlanTests` pins the
    /// plan and that no table page is read.
    static let areaJSONSQL = """
        SELECT s.square_json FROM json_each(?1) AS area_rows CROSS JOIN land_squares s
        WHERE s.y = area_rows.value AND s.x BETWEEN ?2 AND ?3
        """

    /// Calls `body` with the row of each stored square of the area, in (y, x) order, its one cell (column 0) the
    /// square's stored JSON object: `land_squares.square_json`, the object as `GET /api/land-squares` writes it
    /// (SQLite's triggers store it on every write of the square, migration 0018), or NULL for a square not written
    /// since that migration or whose timestamps the SQL cannot write (outside the years 0000-9999). For a reader that
    /// copies each object straight into its response.
    public static func forEachSquareJSON(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64, in database: any SQLExecutor,
                                         _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(GameError) {
        guard minX <= maxX, minY <= maxY else { return }
        try storeCall { () throws(StoreError) in
            try database.forEachRow(areaJSONSQL, [areaRows(minY: minY, maxY: maxY), minX, maxX], body)
        }
    }
}

extension World {
    /// Calls `body` with every stored square, in id order, and its stored JSON object (`square_json`, nil when NULL):
    /// for `worldgame verify`, which holds each object against the API's own writer.
    public static func forEachSquareWithJSON(in database: any SQLExecutor,
                                             _ body: (LandSquare, [UInt8]?) -> Void) throws(GameError) {
        try storeCall { () throws(StoreError) in
            try database.forEachRow("SELECT \(LandSquare.columns), square_json FROM land_squares ORDER BY id", []) {
                row throws(StoreError) in
                var json: [UInt8] = []
                let isStored = try row.appendText(LandSquare.Column.mergedSquareIDs + 1, to: &json)
                body(try LandSquare(cells: row), isStored ? json : nil)
            }
        }
    }
}
