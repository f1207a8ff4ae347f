import Store

/// A block of `Region.size` x `Region.size` land squares; locked regions are not for sale yet.
///
/// A value read from the `regions` table. Region (x, y) covers squares `x*16 ..< x*16+16` by `y*16 ..< y*16+16`.
public struct Region: Sendable, Equatable {
    /// Squares per side.
    public static let size: Int64 = 16

    public var id: Int64
    public var regionX: Int64
    public var regionY: Int64
    public var name: String
    public var biome: Biome
    public var isOpen: Bool
    /// Unix milliseconds; nil while locked.
    public var openedAt: Int64?
    /// Number of squares stored in this region (filled by listing queries).
    public var squareCount: Int64

    public var minX: Int64 { regionX * Region.size }
    public var minY: Int64 { regionY * Region.size }
    public var maxX: Int64 { minX + Region.size - 1 }
    public var maxY: Int64 { minY + Region.size - 1 }

    public init(id: Int64, regionX: Int64, regionY: Int64, name: String, biome: Biome, isOpen: Bool, openedAt: Int64?,
                squareCount: Int64) {
        self.id = id
        self.regionX = regionX
        self.regionY = regionY
        self.name = name
        self.biome = biome
        self.isOpen = isOpen
        self.openedAt = openedAt
        self.squareCount = squareCount
    }

    /// The region coordinate holding square coordinate `value` (floor division).
    public static func coordinate(containing value: Int64) -> Int64 {
        value >= 0 ? value / size : -((-value - 1) / size) - 1
    }

    init(row: Row) throws(GameError) {
        id = try storeCall { () throws(StoreError) in try row.int64("id") }
        let biomeText = try storeCall { () throws(StoreError) in try row.string("biome") }
        guard let biome = Biome(rawValue: biomeText) else {
            throw .corruptRow(table: "regions", id: id, detail: "unknown biome \(biomeText)")
        }
        self.biome = biome
        regionX = try storeCall { () throws(StoreError) in try row.int64("region_x") }
        regionY = try storeCall { () throws(StoreError) in try row.int64("region_y") }
        name = try storeCall { () throws(StoreError) in try row.string("name") }
        isOpen = try storeCall { () throws(StoreError) in try row.bool("is_open") }
        openedAt = try storeCall { () throws(StoreError) in try row.optionalInt64("opened_at") }
        squareCount = try storeCall { () throws(StoreError) in try row.int64("square_count") }
    }
}
