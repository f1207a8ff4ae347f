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
        for square in squares {
            let head: [any SQLiteBindable] = [square.x, square.y, regionID, square.isLocked, square.nextAuctionAt]
            try storeCall { () throws(StoreError) in
                try transaction.run(
                    """
                    INSERT INTO land_squares (x, y, region_id, is_locked, next_auction_at, resource_kind, farm_level,
                        farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate, oil_capacity, oil_extraction_rate,
                        oil_technology_level)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    /// reads its run of `x`, so rows come out in (y, x) order with no sort and no square outside the area is read.
    /// The recursive CTE lists the area's rows (callers bound the area, so at most a few hundred).
    /// `AreaQueryPlanTests` pins the plan and the statement count.
    static let areaSQL = """
        SELECT \(LandSquare.columns) FROM land_squares
        WHERE y IN (WITH RECURSIVE area_rows(y) AS (SELECT ?1 UNION ALL SELECT y + 1 FROM area_rows WHERE y < ?2)
                    SELECT y FROM area_rows)
          AND x BETWEEN ?3 AND ?4
        ORDER BY y, x
        """

    /// Calls `body` with each stored square of the area (as `squares` returns them), decoded straight from the
    /// statement's current row: nothing is collected, so a caller can write each square out as it comes.
    public static func forEachSquare(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64, in database: any SQLExecutor,
                                     _ body: (LandSquare) -> Void) throws(GameError) {
        guard minX <= maxX, minY <= maxY else { return }
        try storeCall { () throws(StoreError) in
            try database.forEachRow(areaSQL, [minY, maxY, minX, maxX]) { row throws(StoreError) in
                body(try LandSquare(cells: row))
            }
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
