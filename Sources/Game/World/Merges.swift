import Store

/// A merged plot: squares of one owner joined for a production bonus (`land_merges`).
public struct LandMerge: Sendable, Equatable {
    public var id: Int64
    public var ownerID: Int64
    /// The plot's squares, ascending.
    public var squareIDs: [Int64]
    /// Added to the yield of each of the plot's squares while the merger owns it, in percent.
    public var bonusPercent: Int64
    /// Gold paid for the merge.
    public var goldCost: Int64
    public var createdAt: Int64
}

/// The merge rule (`docs/resources.md`): 2 to 9 orthogonally contiguous squares, all owned by the caller, none
/// locked, listed, in an auction or already merged; costs `mergeGoldPerSquare` gold per square, paid to the fees
/// account; the plot yields `ResourceRules.mergeBonusPercent` more.
///
/// Runs inside one writer command; every check happens before the first write, so a refusal changes nothing.
public enum Merges {
    /// Why the ledger moved: the merge fee.
    public static let feeReason = TransferReason(rawValue: "merge_fee")

    /// Merges `squareIDs` for `playerID`; returns the plot and the events to publish after commit.
    /// - Throws: `ResourceRuleError` (`mergeSize`, `duplicateSquare`, `notOwner`, `squareLocked`, `alreadyMerged`,
    ///   `notAdjacent`), `GameError.squareNotFound`, `GameError.insufficientFunds`.
    public static func merge(playerID: Int64, squareIDs: [Int64], now: Int64, configuration: ResourceConfiguration,
                             in transaction: Transaction) throws -> (merge: LandMerge, events: [DomainEvent]) {
        let range = configuration.mergeSquareRange
        guard range.contains(squareIDs.count) else {
            throw ResourceRuleError.mergeSize(count: squareIDs.count, minimum: range.lowerBound, maximum: range.upperBound)
        }
        var seen: Set<Int64> = []
        for id in squareIDs where !seen.insert(id).inserted { throw ResourceRuleError.duplicateSquare(squareID: id) }
        let ids = squareIDs.sorted()
        var squares: [LandSquare] = []
        for id in ids { squares.append(try World.square(id: id, in: transaction)) }
        for square in squares where square.ownerID != playerID {
            throw ResourceRuleError.notOwner(squareID: square.id, ownerID: square.ownerID)
        }
        for square in squares { try SquareLocks.requireFree(square, in: transaction) }
        for id in ids {
            if let mergeID = try transaction.queryOne("SELECT merge_id FROM land_squares WHERE id = ?1", [id])?
                .optionalInt64("merge_id") {
                throw ResourceRuleError.alreadyMerged(squareID: id, mergeID: mergeID)
            }
        }
        guard isContiguous(squares.map { ($0.x, $0.y) }) else { throw ResourceRuleError.notAdjacent(squareIDs: ids) }
        let cost = ResourceRules.multiply(configuration.mergeGoldPerSquare, Int64(ids.count))
        let bonus = ResourceRules.mergeBonusPercent(squareCount: ids.count, configuration: configuration)
        try transaction.run(
            "INSERT INTO land_merges (owner_id, square_count, bonus_percent, gold_cost, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            [playerID, ids.count, bonus, cost, now])
        let merge = LandMerge(id: transaction.lastInsertRowID, ownerID: playerID, squareIDs: ids, bonusPercent: bonus,
                              goldCost: cost, createdAt: now)
        if cost > 0 {
            let source = try Ledger.playerAccount(playerID: playerID, .available, .gold, in: transaction)
            let fees = try Ledger.systemAccount(.fees, .gold, in: transaction)
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: source.id, toAccountID: fees.id, amount: cost,
                                                reason: feeReason, reference: "merge:\(merge.id)"),
                                now: now, in: transaction)
        }
        let list = MergeList.format(ids)
        for id in ids {
            try transaction.run("UPDATE land_squares SET merge_id = ?2, merged_square_ids = ?3 WHERE id = ?1",
                                [id, merge.id, list])
        }
        let events = [ResourceEvents.mergeCompleted(merge)] + ids.map { ResourceEvents.squareChanged(square: $0, reason: "merged") }
        return (merge, events)
    }

    /// Whether the positions form one group connected through edges (not corners).
    public static func isContiguous(_ positions: [(Int64, Int64)]) -> Bool {
        guard let first = positions.first else { return false }
        let all = Set(positions.map { SquarePosition(x: $0.0, y: $0.1) })
        var reached: Set<SquarePosition> = [SquarePosition(x: first.0, y: first.1)]
        var frontier = Array(reached)
        while let position = frontier.popLast() {
            for neighbour in position.neighbours where all.contains(neighbour) && !reached.contains(neighbour) {
                reached.insert(neighbour)
                frontier.append(neighbour)
            }
        }
        return reached.count == all.count
    }
}

/// A square's coordinates, for contiguity checks.
struct SquarePosition: Hashable {
    var x: Int64
    var y: Int64

    var neighbours: [SquarePosition] {
        [SquarePosition(x: x + 1, y: y), SquarePosition(x: x - 1, y: y), SquarePosition(x: x, y: y + 1),
         SquarePosition(x: x, y: y - 1)]
    }
}
