import Store

/// What one expansion check decided.
public enum ExpansionOutcome: Sendable, Equatable {
    /// The region was opened (generated first if it did not exist); its squares are unlocked with first auctions.
    case opened(Region)
    /// Occupancy is below the threshold: `owned` of `open` squares in open regions are owned.
    case belowThreshold(owned: Int64, open: Int64)
    /// A region opened less than the cooldown ago; the next check may open one after `until`.
    case coolingDown(until: Int64)
    /// Every region within `maxExpansionRing` is open.
    case exhausted
}

/// World expansion (`docs/resources.md`): when the owned share of squares in open regions reaches the threshold,
/// the next region in spiral order from the origin that is not open is opened — generated from the world seed if
/// missing — its squares unlocked and given their first auction time, so the auction scheduler picks them up.
///
/// One writer command per check. Checks serialize on the writer and a region opening starts a cooldown recorded in
/// `world_settings`, so two checks racing open exactly one region.
public enum Expansion {
    static let lastOpenedKey = "expansion_last_opened_at"

    /// Region coordinates ring by ring around (0, 0): ring 0 is the origin, ring r walks its square's edge clockwise
    /// from (-r, -r).
    public static func spiral(rings: Int64) -> [(x: Int64, y: Int64)] {
        var order: [(x: Int64, y: Int64)] = [(0, 0)]
        guard rings >= 1 else { return order }
        for ring in 1...rings {
            for x in -ring...ring { order.append((x, -ring)) }
            for y in (-ring + 1)...ring { order.append((ring, y)) }
            for x in stride(from: ring - 1, through: -ring, by: -1) { order.append((x, ring)) }
            for y in stride(from: ring - 1, through: -ring + 1, by: -1) { order.append((-ring, y)) }
        }
        return order
    }

    /// Owned squares and all squares in open regions.
    public static func occupancy(in database: any SQLExecutor) throws -> (owned: Int64, open: Int64) {
        let row = try database.queryOne(
            """
            SELECT count(*) AS open, count(s.owner_id) AS owned
            FROM land_squares s JOIN regions r ON r.id = s.region_id WHERE r.is_open = 1
            """)
        return (try row?.int64("owned") ?? 0, try row?.int64("open") ?? 0)
    }

    /// Runs one expansion check at `now`; returns what it did and the events to publish after commit.
    public static func check(now: Int64, configuration: ResourceConfiguration,
                             in transaction: Transaction) throws -> (outcome: ExpansionOutcome, events: [DomainEvent]) {
        if let text = try transaction.queryOne("SELECT value FROM world_settings WHERE key = ?1", [lastOpenedKey])?
            .string("value"), let last = Int64(text), now - last < configuration.expansionCooldownMilliseconds {
            return (.coolingDown(until: last + configuration.expansionCooldownMilliseconds), [])
        }
        let (owned, open) = try occupancy(in: transaction)
        if open > 0 && owned * 100 < configuration.expansionThresholdPercent * open {
            return (.belowThreshold(owned: owned, open: open), [])
        }
        let stored = try World.regions(in: transaction)
        let byPosition = Dictionary(stored.map { ("\($0.regionX),\($0.regionY)", $0) }, uniquingKeysWith: { first, _ in first })
        guard let next = spiral(rings: configuration.maxExpansionRing)
            .first(where: { byPosition["\($0.x),\($0.y)"]?.isOpen != true }) else { return (.exhausted, []) }
        let seed = try ResourceRuns.worldSeed(in: transaction)
        let regionID: Int64
        if let region = byPosition["\(next.x),\(next.y)"] {
            try unlock(region, seed: seed, now: now, in: transaction)
            regionID = region.id
        } else {
            regionID = try World.generateRegion(regionX: next.x, regionY: next.y, isOpen: true, seed: seed, now: now,
                                                in: transaction).id
        }
        try transaction.run(
            "UPDATE land_squares SET produced_until = ?2 WHERE region_id = ?1 AND resource_kind IN ('mine', 'oil_field') AND produced_until IS NULL",
            [regionID, now])
        try transaction.run(
            "INSERT INTO world_settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [lastOpenedKey, String(now)])
        guard let region = try World.regions(in: transaction).first(where: { $0.id == regionID }) else {
            throw GameError.corruptRow(table: "regions", id: regionID, detail: "vanished while opening")
        }
        return (.opened(region), [ResourceEvents.regionOpened(region)])
    }

    /// Opens a stored locked region: unlocks its squares and gives each its generated first auction time.
    private static func unlock(_ region: Region, seed: UInt64, now: Int64, in transaction: Transaction) throws {
        try transaction.run("UPDATE regions SET is_open = 1, opened_at = ?2 WHERE id = ?1", [region.id, now])
        let planned = WorldGenerator(seed: seed).squares(regionX: region.regionX, regionY: region.regionY,
                                                         regionID: region.id, biome: region.biome, isOpen: true, now: now)
        for square in planned {
            try transaction.run(
                "UPDATE land_squares SET is_locked = 0, next_auction_at = ?3 WHERE x = ?1 AND y = ?2 AND region_id = ?4",
                [square.x, square.y, square.nextAuctionAt, region.id])
        }
    }
}
