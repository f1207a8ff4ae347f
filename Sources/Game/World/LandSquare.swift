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
    init(cells row: borrowing SQLiteRow) throws(StoreError) {
        id = try row.int64(0)
        x = try row.int64(1)
        y = try row.int64(2)
        regionID = try row.int64(3)
        ownerID = try row.optionalInt64(4)
        isLocked = try row.bool(5)
        nextAuctionAt = try row.optionalInt64(6)
        switch try row.optionalString(7) {
        case "farm": resource = .farm(level: try row.int64(8), nextHarvestAt: try row.int64(9))
        case "mine": resource = .mine(remainingOre: try row.int64(10), depletionRate: try row.int64(11))
        case "oil_field":
            resource = .oilField(capacity: try row.int64(12), extractionRate: try row.int64(13),
                                 technologyLevel: try row.int64(14))
        default: resource = nil
        }
        merges = MergeList.parse(try row.optionalString(15))
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
