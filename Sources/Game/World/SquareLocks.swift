import Store

/// Holds on squares by pending sales: an auction or a marketplace listing takes a square's lock while the sale is
/// open, and merges and upgrades refuse locked squares (as they refuse squares of locked regions, `is_locked`).
///
/// The hook other features call, inside their own writer command:
/// `try SquareLocks.acquire(squareID: id, holder: "auction:\(auctionID)", now: now, in: transaction)` when the sale
/// opens, and `try SquareLocks.release(squareID: id, holder: "auction:\(auctionID)", in: transaction)` when it ends.
/// Rows live in `square_locks` (migration 0005); writer thread only for changes, any executor for reads.
public enum SquareLocks {
    /// Takes square `squareID` for `holder`. Taking it again for the same holder is a no-op.
    /// - Throws: `ResourceRuleError.squareLocked` naming the current holder when another holds it.
    public static func acquire(squareID: Int64, holder: String, now: Int64, in transaction: Transaction) throws {
        if let current = try self.holder(of: squareID, in: transaction) {
            guard current == holder else { throw ResourceRuleError.squareLocked(squareID: squareID, holder: current) }
            return
        }
        try transaction.run("INSERT INTO square_locks (square_id, holder, created_at) VALUES (?1, ?2, ?3)",
                            [squareID, holder, now])
    }

    /// Releases square `squareID` if `holder` holds it; returns whether a lock was removed.
    @discardableResult
    public static func release(squareID: Int64, holder: String, in transaction: Transaction) throws -> Bool {
        try transaction.run("DELETE FROM square_locks WHERE square_id = ?1 AND holder = ?2", [squareID, holder])
        return transaction.changes == 1
    }

    /// Who holds square `squareID`, or nil.
    public static func holder(of squareID: Int64, in database: any SQLExecutor) throws -> String? {
        try database.queryOne("SELECT holder FROM square_locks WHERE square_id = ?1", [squareID])?.string("holder")
    }

    /// Throws unless `square` is free for a merge or an upgrade: not in a locked region, not held by a sale.
    /// - Throws: `ResourceRuleError.squareLocked`.
    public static func requireFree(_ square: LandSquare, in database: any SQLExecutor) throws {
        if square.isLocked { throw ResourceRuleError.squareLocked(squareID: square.id, holder: "region") }
        if let holder = try holder(of: square.id, in: database) {
            throw ResourceRuleError.squareLocked(squareID: square.id, holder: holder)
        }
    }
}
