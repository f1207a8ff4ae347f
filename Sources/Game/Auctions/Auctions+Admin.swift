import Store

/// One bid as the operators' console shows it: every amount, with the bidder's name.
///
/// A value read from one snapshot. Secrecy: a sealed auction's amounts reach an operator only through the admin bid
/// list, which records the view in the audit trail while the auction is still open.
public struct AdminBidView: Sendable, Equatable {
    public var bid: AuctionBid
    public var playerName: String
}

/// The operators' auction actions: cancel an open auction, release one player's standing bids (suspension), list
/// every bid. Changes run inside the caller's writer command; reads take any executor.
extension Auctions {
    /// Cancels `auctionID` now for `reason`: status `cancelled`, every standing bid released through the ledger
    /// (`bid_released` to each bidder's `player:{id}`, `auction_cancelled` on `auction:{id}` and `auctions`), the
    /// squares unlocked. Its settlement job, when it runs, finds the auction closed and changes nothing.
    /// - Throws: `AuctionError.auctionNotFound`, `AdminError.auctionNotActive`, ledger and store errors.
    public static func cancel(auctionID: Int64, reason: String, rules: AuctionRules, now: Int64,
                              in transaction: Transaction) throws -> (auction: Auction, events: [DomainEvent]) {
        guard let auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive,
              let closed = try close(auctionID: auctionID, as: .cancelled, reason: reason, rules: rules, now: now,
                                     in: transaction) else {
            throw AdminError.auctionNotActive(auctionID: auctionID, status: auction.status.rawValue)
        }
        return closed
    }

    /// Releases every standing bid of `playerID` on active auctions (status `released`, escrow back to available
    /// gold, `bid_released` to the player); returns the released bids and the events.
    public static func releaseStandingBids(playerID: Int64, now: Int64,
                                           in transaction: Transaction) throws -> (bids: [AuctionBid], events: [DomainEvent]) {
        let rows = try transaction.query(
            """
            SELECT b.id, b.auction_id, b.player_id, b.amount, b.placed_at, b.status
            FROM auction_bids b JOIN auctions a ON a.id = b.auction_id
            WHERE b.player_id = ? AND b.status = 'standing' AND a.status IN ('scheduled', 'in-progress')
            ORDER BY b.id
            """, [playerID])
        var released: [AuctionBid] = []
        var events: [DomainEvent] = []
        for row in rows {
            var bid = try AuctionBid(row: row)
            try release(bid, as: .released, now: now, in: transaction)
            bid.status = .released
            released.append(bid)
            guard let auction = try find(id: bid.auctionID, in: transaction) else { continue }
            events += try AuctionPlayerEvents.closed(auction, released: [bid]).filter { $0.topic == "player:\(playerID)" }
        }
        return (released, events)
    }

    /// Every bid of `auctionID` with amounts and bidder names, newest first.
    public static func adminBids(auctionID: Int64, in database: any SQLExecutor) throws(GameError) -> [AdminBidView] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT b.id, b.auction_id, b.player_id, b.amount, b.placed_at, b.status, p.username
                FROM auction_bids b JOIN players p ON p.id = b.player_id
                WHERE b.auction_id = ? ORDER BY b.id DESC
                """, [auctionID])
        }
        return try rows.map { row throws(GameError) in
            AdminBidView(bid: try AuctionBid(row: row),
                         playerName: try storeCall { () throws(StoreError) in try row.string("username") })
        }
    }
}
