import Store

/// The query "which unowned squares could go on sale now": squares with no owner, in an open (unlocked) region, held
/// by no sale (`SquareLocks`) and in no active auction.
///
/// Its own file so the demo cadence (`DemoAuctions`) and any other distributor of unowned land share one definition of
/// "free unowned land" without editing the daily scheduler's code. Any executor (writer transaction or reader).
public enum UnownedSquareQuery {
    /// Up to `limit` free unowned square ids: first those never auctioned, then the least recently auctioned, nearest
    /// to (0, 0) first among equals, so a cadence walks through the open land instead of re-auctioning one square.
    public static func free(limit: Int, in database: any SQLExecutor) throws(GameError) -> [Int64] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT s.id,
                       (SELECT max(a.created_at) FROM auction_squares q JOIN auctions a ON a.id = q.auction_id
                        WHERE q.square_id = s.id) AS last_auctioned_at
                FROM land_squares s
                WHERE s.owner_id IS NULL AND s.is_locked = 0
                  AND NOT EXISTS (SELECT 1 FROM square_locks l WHERE l.square_id = s.id)
                  AND NOT EXISTS (SELECT 1 FROM auction_squares q JOIN auctions a ON a.id = q.auction_id
                                  WHERE q.square_id = s.id AND a.status IN ('scheduled', 'in-progress'))
                ORDER BY last_auctioned_at IS NOT NULL, last_auctioned_at, s.x * s.x + s.y * s.y, s.id
                LIMIT ?
                """, [Int64(max(0, limit))])
        }
        return try rows.map { row throws(GameError) in try storeCall { () throws(StoreError) in try row.int64("id") } }
    }

    /// How many auctions of unowned land (no seller) are open or scheduled now.
    public static func openAuctionCount(in database: any SQLExecutor) throws(GameError) -> Int {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne(
                "SELECT count(*) AS n FROM auctions WHERE status IN ('scheduled', 'in-progress') AND seller_id IS NULL")
        }
        return try storeCall { () throws(StoreError) in try row?.int("n") ?? 0 }
    }
}
