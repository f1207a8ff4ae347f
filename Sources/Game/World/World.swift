import Codecs
import Crypto
import Store

/// The world's regions and land squares: generation into the database and the land queries.
///
/// Changes run inside a writer `Transaction`; queries take any executor (an event loop's reader snapshot).
public enum World {
    /// Generates and stores region (`regionX`, `regionY`) and its squares from `seed`.
    /// - Throws: `.regionExists` when the region is already stored.
    @discardableResult
    public static func generateRegion(regionX: Int64, regionY: Int64, isOpen: Bool, seed: UInt64, now: Int64,
                                      in transaction: Transaction) throws(GameError) -> Region {
        let generator = WorldGenerator(seed: seed)
        let traits = generator.regionTraits(regionX: regionX, regionY: regionY)
        let existing = try storeCall { () throws(StoreError) in
            try transaction.queryOne("SELECT id FROM regions WHERE region_x = ? AND region_y = ?", [regionX, regionY])
        }
        if existing != nil { throw .regionExists(regionX: regionX, regionY: regionY) }
        let openedAt: Int64? = isOpen ? now : nil
        try storeCall { () throws(StoreError) in
            try transaction.run(
                "INSERT INTO regions (region_x, region_y, name, biome, is_open, opened_at) VALUES (?, ?, ?, ?, ?, ?)",
                [regionX, regionY, traits.name, traits.biome.rawValue, isOpen, openedAt])
        }
        let regionID = transaction.lastInsertRowID
        let squares = generator.squares(regionX: regionX, regionY: regionY, regionID: regionID, biome: traits.biome,
                                        isOpen: isOpen, now: now)
        // Ids given here, as SQLite would give them (the largest plus one), so each row is inserted with its stored
        // object (`SquareJSON`), which shows the id.
        var nextID = try storeCall { () throws(StoreError) in
            try transaction.queryOne("SELECT coalesce(max(id), 0) + 1 AS next FROM land_squares")?.int64("next") ?? 1
        }
        var object: [UInt8] = []
        for var square in squares {
            square.id = nextID
            nextID += 1
            object.removeAll(keepingCapacity: true)
            SquareJSON.write(square, into: &object)
            let head: [any SQLiteBindable] = [square.id, square.x, square.y, regionID, square.isLocked,
                                              square.nextAuctionAt, SQLiteTextBytes(object)]
            try storeCall { () throws(StoreError) in
                try transaction.run(
                    """
                    INSERT INTO land_squares (id, x, y, region_id, is_locked, next_auction_at, square_json,
                        resource_kind, farm_level, farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate,
                        oil_capacity, oil_extraction_rate, oil_technology_level)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    head + square.resourceColumnValues)
            }
        }
        return Region(id: regionID, regionX: regionX, regionY: regionY, name: traits.name, biome: traits.biome,
                      isOpen: isOpen, openedAt: openedAt, squareCount: Int64(squares.count))
    }

    /// All regions, ordered by (y, x), with their square counts.
    public static func regions(in database: any SQLExecutor) throws(GameError) -> [Region] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT r.id, r.region_x, r.region_y, r.name, r.biome, r.is_open, r.opened_at,
                    (SELECT count(*) FROM land_squares s WHERE s.region_id = r.id) AS square_count
                FROM regions r ORDER BY r.region_y, r.region_x
                """)
        }
        var regions: [Region] = []
        for row in rows { regions.append(try Region(row: row)) }
        return regions
    }

    /// The square with `id`.
    /// - Throws: `.squareNotFound`.
    public static func square(id: Int64, in database: any SQLExecutor) throws(GameError) -> LandSquare {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(LandSquare.columns) FROM land_squares WHERE id = ?", [id])
        }
        guard let row else { throw .squareNotFound(squareID: id) }
        return try LandSquare(row: row)
    }

    /// The stored squares with `minX <= x <= maxX` and `minY <= y <= maxY`, ordered by (y, x).
    /// Callers bound the area; this returns whatever exists inside it.
    public static func squares(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64,
                               in database: any SQLExecutor) throws(GameError) -> [LandSquare] {
        var squares: [LandSquare] = []
        try forEachSquare(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database) { squares.append($0) }
        return squares
    }

    /// The area query: one statement that seeks each row `y` of the area in the `(y, x)` index (migration 0016) and
    /// reads its run of `x`, so no square outside the area is read. The area's rows come as a JSON array bound to
    /// `?1` (`[minY, ..., maxY]`, see `areaRows`) through `json_each`, a virtual table: SQLite builds no temporary
    /// B-tree for them (a recursive CTE under `IN` built two per request, most of its set-up cost). `CROSS JOIN`
    /// keeps `json_each` the outer loop (https://www.sqlite.org/optoverview.html#crossjoin), so rows come out in
    /// (y, x) order, the array's order then the index's, with no sort. Callers bound the area (at most a few hundred
    /// rows). `ReadPathPlanTests` pins the plan, the order and the statement count.
    static let areaSQL = """
        SELECT \(LandSquare.columns(qualifiedBy: "s")) FROM json_each(?1) AS area_rows CROSS JOIN land_squares s
        WHERE s.y = area_rows.value AND s.x BETWEEN ?2 AND ?3
        """

    /// The area's rows as `areaSQL` takes them: `[minY,minY+1,...,maxY]`.
    static func areaRows(minY: Int64, maxY: Int64) -> String {
        var text: [UInt8] = [UInt8(ascii: "[")]
        for y in minY...maxY {
            if y > minY { text.append(UInt8(ascii: ",")) }
            JSONWriter.writeInteger(y, into: &text)
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Calls `body` with each stored square of the area (as `squares` returns them), decoded straight from the
    /// statement's current row: nothing is collected, so a caller can write each square out as it comes.
    public static func forEachSquare(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64, in database: any SQLExecutor,
                                     _ body: (LandSquare) -> Void) throws(GameError) {
        try forEachSquareRow(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database) { row throws(StoreError) in
            body(try LandSquare(cells: row))
        }
    }

    /// Calls `body` with the row of each stored square of the area, in (y, x) order, its cells in `LandSquare.columns`
    /// order (`LandSquare.Column` names the positions): for a reader that writes each cell straight into its output,
    /// with no `LandSquare` in between.
    public static func forEachSquareRow(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64, in database: any SQLExecutor,
                                        _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(GameError) {
        guard minX <= maxX, minY <= maxY else { return }
        try storeCall { () throws(StoreError) in
            try database.forEachRow(areaSQL, [areaRows(minY: minY, maxY: maxY), minX, maxX], body)
        }
    }

    /// SHA-256 (hex) over every square and region in id order: equal worlds have equal hashes.
    public static func hash(in database: any SQLExecutor) throws(GameError) -> String {
        var text = ""
        for region in try regions(in: database) {
            text += "r|\(region.id)|\(region.regionX)|\(region.regionY)|\(region.name)|\(region.biome)|\(region.isOpen)\n"
        }
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT \(LandSquare.columns) FROM land_squares ORDER BY id")
        }
        for row in rows {
            text += row.values.map(Self.canonical).joined(separator: "|") + "\n"
        }
        return SHA256.hexDigest(Array(text.utf8))
    }

    private static func canonical(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let integer): String(integer)
        case .real(let real): String(real)
        case .text(let text): "t:" + text
        case .blob(let bytes): "b:" + Hex.encode(bytes)
        }
    }
}
