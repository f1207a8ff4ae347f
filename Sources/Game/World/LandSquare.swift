import Store

/// One square of land: where it is, who owns it, whether it can be auctioned, and its resource.
///
/// A value read from the `land_squares` table (or produced by `WorldGenerator` before insertion, with `id` 0).
public struct LandSquare: Sendable, Equatable {
    public var id: Int64
    public var x: Int64
    public var y: Int64
    public var regionID: Int64
    public var ownerID: Int64?
    public var isLocked: Bool
    /// Unix milliseconds of the next auction of this square; nil when none is planned.
    public var nextAuctionAt: Int64?
    public var resource: SquareResource?
    /// The ids of every square of this square's merged plot (itself included), ascending; empty when not merged.
    public var merges: [Int64] = []

    public init(id: Int64, x: Int64, y: Int64, regionID: Int64, ownerID: Int64?, isLocked: Bool, nextAuctionAt: Int64?,
                resource: SquareResource?) {
        self.id = id
        self.x = x
        self.y = y
        self.regionID = regionID
        self.ownerID = ownerID
        self.isLocked = isLocked
        self.nextAuctionAt = nextAuctionAt
        self.resource = resource
    }

    static let columns = """
        id, x, y, region_id, owner_id, is_locked, next_auction_at, resource_kind, farm_level, farm_next_harvest_at, \
        mine_remaining_ore, mine_depletion_rate, oil_capacity, oil_extraction_rate, oil_technology_level, merged_square_ids
        """

    /// `columns`, each prefixed with `alias` (for a join whose other side has columns of the same names).
    static func columns(qualifiedBy alias: String) -> String {
        columns.split(separator: ",").map { alias + "." + $0.drop { $0 == " " || $0 == "\n" } }.joined(separator: ", ")
    }

    /// The position of each of `columns` in a row `World.forEachSquareRow` hands out, for readers that write a row
    /// straight into their output. `id`, `x`, `y`, `regionID` and `isLocked` are `INTEGER NOT NULL` columns of a STRICT
    /// table (read them with `SQLiteRow.strictInt64`); `isLocked` is 0 or 1 (a CHECK). The resource columns of the
    /// square's `resourceKind` ('farm', 'mine', 'oil_field' or NULL) are not NULL, the others are (CHECKs).
    public enum Column {
        public static let id: Int32 = 0
        public static let x: Int32 = 1
        public static let y: Int32 = 2
        public static let regionID: Int32 = 3
        public static let ownerID: Int32 = 4
        public static let isLocked: Int32 = 5
        public static let nextAuctionAt: Int32 = 6
        public static let resourceKind: Int32 = 7
        public static let farmLevel: Int32 = 8
        public static let farmNextHarvestAt: Int32 = 9
        public static let mineRemainingOre: Int32 = 10
        public static let mineDepletionRate: Int32 = 11
        public static let oilCapacity: Int32 = 12
        public static let oilExtractionRate: Int32 = 13
        public static let oilTechnologyLevel: Int32 = 14
        public static let mergedSquareIDs: Int32 = 15
    }

    init(row: Row) throws(GameError) {
        do throws(StoreError) {
            id = try row.int64("id")
            x = try row.int64("x")
            y = try row.int64("y")
            regionID = try row.int64("region_id")
            ownerID = try row.optionalInt64("owner_id")
            isLocked = try row.bool("is_locked")
            nextAuctionAt = try row.optionalInt64("next_auction_at")
            resource = try Self.resource(row)
            merges = MergeList.parse(try row.optionalString("merged_square_ids"))
        } catch {
            throw .store(error)
        }
    }

    /// A square from the row `forEachRow` is positioned on, its cells in `columns` order (read by position: no `Row`).
    /// `id`, `x`, `y`, `region_id` and `is_locked` are `INTEGER NOT NULL` in a STRICT table (and `is_locked` is
    /// checked to be 0 or 1), so they are read without a type check.
    init(cells row: borrowing SQLiteRow) throws(StoreError) {
        id = row.strictInt64(Column.id)
        x = row.strictInt64(Column.x)
        y = row.strictInt64(Column.y)
        regionID = row.strictInt64(Column.regionID)
        ownerID = try row.optionalInt64(Column.ownerID)
        isLocked = row.strictInt64(Column.isLocked) != 0
        nextAuctionAt = try row.optionalInt64(Column.nextAuctionAt)
        switch try row.optionalString(Column.resourceKind) {
        case "farm":
            resource = .farm(level: try row.int64(Column.farmLevel), nextHarvestAt: try row.int64(Column.farmNextHarvestAt))
        case "mine":
            resource = .mine(remainingOre: try row.int64(Column.mineRemainingOre),
                             depletionRate: try row.int64(Column.mineDepletionRate))
        case "oil_field":
            resource = .oilField(capacity: try row.int64(Column.oilCapacity),
                                 extractionRate: try row.int64(Column.oilExtractionRate),
                                 technologyLevel: try row.int64(Column.oilTechnologyLevel))
        default: resource = nil
        }
        merges = MergeList.parse(try row.optionalString(Column.mergedSquareIDs))
    }

    private static func resource(_ row: Row) throws(StoreError) -> SquareResource? {
        switch try row.optionalString("resource_kind") {
        case "farm":
            return .farm(level: try row.int64("farm_level"), nextHarvestAt: try row.int64("farm_next_harvest_at"))
        case "mine":
            return .mine(remainingOre: try row.int64("mine_remaining_ore"),
                         depletionRate: try row.int64("mine_depletion_rate"))
        case "oil_field":
            return .oilField(capacity: try row.int64("oil_capacity"), extractionRate: try row.int64("oil_extraction_rate"),
                             technologyLevel: try row.int64("oil_technology_level"))
        default:
            return nil
        }
    }

    /// The values for the insert statement's resource columns, in `columns` order after `resource_kind`.
    var resourceColumnValues: [any SQLiteBindable] {
        let none = Optional<Int64>.none
        switch resource {
        case .farm(let level, let nextHarvestAt):
            return ["farm", level, nextHarvestAt, none, none, none, none, none]
        case .mine(let remainingOre, let depletionRate):
            return ["mine", none, none, remainingOre, depletionRate, none, none, none]
        case .oilField(let capacity, let extractionRate, let technologyLevel):
            return ["oil_field", none, none, none, none, capacity, extractionRate, technologyLevel]
        case nil:
            return [Optional<String>.none, none, none, none, none, none, none, none]
        }
    }
}
