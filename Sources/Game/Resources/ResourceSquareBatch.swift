import Store

/// A square with a resource whose production is due, as read by a resource update chunk.
struct DueSquare: Sendable {
    var id: Int64
    var x: Int64
    var y: Int64
    var regionID: Int64
    var ownerID: Int64?
    var resource: SquareResource
    var producedUntil: Int64?
    /// The merge bonus, when the square's plot still has its merger as owner.
    var bonusPercent: Int64
    /// The rest of what the square's stored object shows (`SquareJSON`), so the batch's UPDATE can carry the new one.
    var isLocked: Bool
    var nextAuctionAt: Int64?
    var merges: [Int64]

    var kind: String { resource.kind }

    /// The square as it is after `outcome`, as its stored object shows it.
    func landSquare(after outcome: ResourceOutcome) -> LandSquare {
        var square = LandSquare(id: id, x: x, y: y, regionID: regionID, ownerID: ownerID, isLocked: isLocked,
                                nextAuctionAt: nextAuctionAt, resource: outcome.resource)
        square.merges = merges
        return square
    }
}

/// The SQL of a resource update chunk over `land_squares`: read the due squares of an id range, store outcomes.
///
/// Hot path of a run over a million squares: columns are read by position and statements are cached by the
/// connection. Runs on the writer thread inside the chunk's command.
enum ResourceSquareBatch {
    /// The due squares with `after < id <= through`, in id order, and how many rows were unreadable.
    static func load(after cursor: Int64, through upper: Int64, dueAt: Int64, configuration: ResourceConfiguration,
                     in transaction: Transaction) throws(GameError) -> (squares: [DueSquare], unreadable: Int) {
        let rows = try storeCall { () throws(StoreError) in
            try transaction.query(
                """
                SELECT id, x, y, region_id, owner_id, resource_kind, farm_level, farm_next_harvest_at,
                    mine_remaining_ore, mine_depletion_rate, oil_capacity, oil_extraction_rate, oil_technology_level,
                    produced_until,
                    CASE WHEN merge_id IS NULL THEN 0 ELSE coalesce((SELECT m.bonus_percent FROM land_merges m
                        WHERE m.id = land_squares.merge_id AND m.owner_id = land_squares.owner_id), 0) END AS bonus,
                    is_locked, next_auction_at, merged_square_ids
                FROM land_squares
                WHERE id > ?1 AND id <= ?2 AND resource_kind IS NOT NULL AND (
                    (resource_kind = 'farm' AND farm_next_harvest_at <= ?3)
                    OR (resource_kind = 'mine' AND mine_remaining_ore > 0 AND (produced_until IS NULL OR produced_until <= ?4))
                    OR (resource_kind = 'oil_field' AND oil_capacity > 0 AND (produced_until IS NULL OR produced_until <= ?4)))
                ORDER BY id
                """, [cursor, upper, dueAt, dueAt - configuration.productionPeriodMilliseconds])
        }
        var squares: [DueSquare] = []
        squares.reserveCapacity(rows.count)
        var unreadable = 0
        for row in rows {
            if let square = square(row.values) { squares.append(square) } else { unreadable += 1 }
        }
        return (squares, unreadable)
    }

    /// Writes `outcome` to `square`, with the square's new stored object (`land_squares.square_json`) in the same
    /// UPDATE: the batch updates most of a run's squares, and one statement that sets the object costs less than the
    /// guard trigger's NULL and the pre-commit step's second UPDATE (`SquareObjects`).
    ///
    /// `OR FAIL`: the guard trigger is coded into this UPDATE (it names a shown column), and with the default `ABORT`
    /// a statement with a trigger opens a statement journal (a savepoint) on every execution, about 2.7k instructions
    /// a square (measured). One row per statement, checked before it is written, so `FAIL` undoes exactly what
    /// `ABORT` would: nothing was changed when a constraint fails.
    static func store(_ square: DueSquare, _ outcome: ResourceOutcome, in transaction: Transaction) throws(GameError) {
        var object: [UInt8] = []
        object.reserveCapacity(200)
        SquareJSON.write(square.landSquare(after: outcome), into: &object)
        let json = SQLiteTextBytes(object)
        try storeCall { () throws(StoreError) in
            switch outcome.resource {
            case .farm(_, let nextHarvestAt):
                try transaction.run(
                    "UPDATE OR FAIL land_squares SET farm_next_harvest_at = ?2, square_json = ?3 WHERE id = ?1",
                    [square.id, nextHarvestAt, json])
            case .mine(let remainingOre, _):
                try transaction.run(
                    """
                    UPDATE OR FAIL land_squares SET mine_remaining_ore = ?2, produced_until = ?3, square_json = ?4
                    WHERE id = ?1
                    """,
                    [square.id, remainingOre, outcome.producedUntil, json])
            case .oilField(let capacity, _, _):
                try transaction.run(
                    """
                    UPDATE OR FAIL land_squares SET oil_capacity = ?2, produced_until = ?3, square_json = ?4
                    WHERE id = ?1
                    """,
                    [square.id, capacity, outcome.producedUntil, json])
            }
        }
    }

    /// Reads a row of `load`'s query by position; nil when a value the resource needs is missing or mistyped.
    private static func square(_ values: [SQLiteValue]) -> DueSquare? {
        guard values.count == 18, let id = integer(values[0]), let x = integer(values[1]), let y = integer(values[2]),
              let regionID = integer(values[3]), case .text(let kind) = values[5] else { return nil }
        let resource: SquareResource
        switch kind {
        case "farm":
            guard let level = integer(values[6]), let next = integer(values[7]) else { return nil }
            resource = .farm(level: level, nextHarvestAt: next)
        case "mine":
            guard let remaining = integer(values[8]), let rate = integer(values[9]) else { return nil }
            resource = .mine(remainingOre: remaining, depletionRate: rate)
        case "oil_field":
            guard let capacity = integer(values[10]), let rate = integer(values[11]), let level = integer(values[12])
            else { return nil }
            resource = .oilField(capacity: capacity, extractionRate: rate, technologyLevel: level)
        default:
            return nil
        }
        guard let isLocked = integer(values[15]) else { return nil }
        var merged: String?
        if case .text(let text) = values[17] { merged = text }
        return DueSquare(id: id, x: x, y: y, regionID: regionID, ownerID: integer(values[4]), resource: resource,
                         producedUntil: integer(values[13]), bonusPercent: integer(values[14]) ?? 0,
                         isLocked: isLocked != 0, nextAuctionAt: integer(values[16]), merges: MergeList.parse(merged))
    }

    private static func integer(_ value: SQLiteValue) -> Int64? {
        if case .integer(let integer) = value { return integer }
        return nil
    }
}
