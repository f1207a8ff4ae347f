import Store

extension Merges {
    /// Takes square `squareID` out of its merged plot; call it in the writer command that gives the square a new
    /// owner (a settled auction, a sold listing). The rest of the plot keeps merging if it is still 2 or more
    /// contiguous squares (its bonus recomputed for its size); otherwise the plot is dissolved. No-op for a square
    /// that is not merged. Returns the squares whose `merges` changed, for `square_updated` events.
    @discardableResult
    public static func detach(squareID: Int64, configuration: ResourceConfiguration,
                              in transaction: Transaction) throws -> [Int64] {
        guard let mergeID = try transaction.queryOne("SELECT merge_id FROM land_squares WHERE id = ?1", [squareID])?
            .optionalInt64("merge_id") else { return [] }
        try transaction.run("UPDATE land_squares SET merge_id = NULL, merged_square_ids = NULL WHERE id = ?1", [squareID])
        let rest = try transaction.query("SELECT id, x, y FROM land_squares WHERE merge_id = ?1 ORDER BY id", [mergeID])
        let ids = try rest.map { try $0.int64("id") }
        let positions = try rest.map { (try $0.int64("x"), try $0.int64("y")) }
        if ids.count >= 2 && isContiguous(positions) {
            try transaction.run("UPDATE land_merges SET square_count = ?2, bonus_percent = ?3 WHERE id = ?1",
                                [mergeID, ids.count, ResourceRules.mergeBonusPercent(squareCount: ids.count,
                                                                                    configuration: configuration)])
            try transaction.run("UPDATE land_squares SET merged_square_ids = ?2 WHERE merge_id = ?1",
                                [mergeID, MergeList.format(ids)])
        } else {
            try transaction.run("UPDATE land_squares SET merge_id = NULL, merged_square_ids = NULL WHERE merge_id = ?1",
                                [mergeID])
            try transaction.run("DELETE FROM land_merges WHERE id = ?1", [mergeID])
        }
        return [squareID] + ids
    }
}
