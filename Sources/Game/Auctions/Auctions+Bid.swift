import Store

/// What one accepted bid changed: the new standing bid, the auction after it (maybe extended), the bids it released,
/// and the events to publish after commit.
public struct BidOutcome: Sendable, Equatable {
    public var bid: AuctionBid
    public var auction: Auction
    /// Other players' bids this bid released (an open auction's previous high), now `outbid`.
    public var released: [AuctionBid]
    /// Whether anti-sniping moved `auction.endTime`.
    public var wasExtended: Bool
    public var events: [DomainEvent]
}

extension Auctions {
    /// Places `amount` for `playerID` on `auctionID`: validates with the provider, escrows the difference to the
    /// player's previous standing bid (or releases it when lower), releases outbid players, applies anti-sniping.
    /// One atomic step of the caller's writer command. `traceID` (the request's W3C trace) is stored with the bid so
    /// the settlement's log lines can name it.
    /// - Throws: `AuctionError` (`auctionNotFound`, `notOpen`, `ended`, `ownLand`, `bidTooLow`, `insufficientFunds`),
    ///   `GameError` from the ledger, `StoreError`.
    public static func placeBid(auctionID: Int64, playerID: Int64, amount: Int64, rules: AuctionRules,
                                providers: AuctionProviders, now: Int64, traceID: String? = nil,
                                in transaction: Transaction) throws -> BidOutcome {
        guard let found = try findForBid(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        var auction = found.auction
        let squareOwners = found.squareOwners
        guard auction.status.isActive, now >= auction.startTime else {
            throw AuctionError.notOpen(auctionID: auctionID, status: auction.status)
        }
        guard now < auction.endTime else { throw AuctionError.ended(auctionID: auctionID, endTime: auction.endTime) }
        let provider = try providers.provider(for: auction.auctionType)
        if auction.sellerID == playerID || squareOwners.contains(playerID) {
            throw AuctionError.ownLand(auctionID: auctionID)
        }
        // A sealed auction never releases other bids and validates the amount alone, so it needs only the bidder's
        // own standing bid and how many bids stand, not every standing bid materialised.
        let sealed = provider.isSealed ? try sealedStanding(auctionID: auctionID, playerID: playerID, in: transaction) : nil
        let ranked = sealed == nil ? try standingBids(auctionID: auctionID, in: transaction) : []
        try provider.validate(amount: amount, bidderID: playerID, auction: auction, ranked: ranked)
        let previous = sealed?.own ?? ranked.first { $0.playerID == playerID }
        try moveEscrow(playerID: playerID, from: previous?.amount ?? 0, to: amount, auctionID: auctionID, now: now,
                       in: transaction)
        if let previous {
            try transaction.run("UPDATE auction_bids SET status = 'replaced' WHERE id = ?", [previous.id])
        }
        try transaction.run(
            """
            INSERT INTO auction_bids (auction_id, player_id, amount, placed_at, status, trace_id)
            VALUES (?, ?, ?, ?, 'standing', ?)
            """, [auctionID, playerID, amount, now, traceID])
        let bid = AuctionBid(id: transaction.lastInsertRowID, auctionID: auctionID, playerID: playerID, amount: amount,
                             placedAt: now, status: .standing)
        let others = ranked.filter { $0.playerID != playerID }
        var released: [AuctionBid] = []
        for var loser in provider.bidsReleased(by: bid, othersRanked: others) {
            try release(loser, as: .outbid, now: now, in: transaction)
            loser.status = .outbid
            released.append(loser)
        }
        var wasExtended = false
        if provider.extendsOnLateBids, auction.endTime - now < rules.antiSnipingWindowMilliseconds {
            let extended = min(auction.endTime + rules.antiSnipingWindowMilliseconds,
                               auction.originalEndTime + rules.antiSnipingCapMilliseconds)
            if extended > auction.endTime {
                try transaction.run("UPDATE auctions SET end_time = ? WHERE id = ?", [extended, auctionID])
                auction.endTime = extended
                wasExtended = true
            }
        }
        if auction.status == .scheduled {
            try transaction.run("UPDATE auctions SET status = 'in-progress' WHERE id = ?", [auctionID])
            auction.status = .inProgress
        }
        let bidderCount: Int
        if let sealed {
            // One standing bid per player (a unique index), so the standing bids are the bidders.
            bidderCount = sealed.standingCount + (sealed.own == nil ? 1 : 0)
        } else {
            let standingAfter = ranked.filter { $0.playerID != playerID && !released.contains($0) } + [bid]
            bidderCount = Set(standingAfter.map(\.playerID)).count
        }
        let events = try AuctionEvents.bidPlaced(auction: auction, provider: provider, bid: bid, released: released,
                                                 bidderCount: bidderCount)
        return BidOutcome(bid: bid, auction: auction, released: released, wasExtended: wasExtended, events: events)
    }

    /// Moves the player's escrow for this auction from `old` to `new`: escrows the raise or releases the cut.
    private static func moveEscrow(playerID: Int64, from old: Int64, to new: Int64, auctionID: Int64, now: Int64,
                                   in transaction: Transaction) throws {
        guard new != old else { return }
        let reference = "auction:\(auctionID)"
        if new > old {
            do {
                try Ledger.move(new - old, .gold, from: .player(playerID, .available), to: .player(playerID, .escrow),
                                reason: .auctionBid, reference: reference, now: now, in: transaction)
            } catch .insufficientFunds {
                throw AuctionError.insufficientFunds(auctionID: auctionID)
            }
        } else {
            try Ledger.move(old - new, .gold, from: .player(playerID, .escrow), to: .player(playerID, .available),
                            reason: .auctionRelease, reference: reference, now: now, in: transaction)
        }
    }

    /// Returns `bid`'s escrow to its player and gives it the final `status`.
    static func release(_ bid: AuctionBid, as status: AuctionBidStatus, now: Int64, in transaction: Transaction) throws {
        try Ledger.move(bid.amount, .gold, from: .player(bid.playerID, .escrow), to: .player(bid.playerID, .available),
                        reason: .auctionRelease, reference: "auction:\(bid.auctionID)", now: now, in: transaction)
        try transaction.run("UPDATE auction_bids SET status = ? WHERE id = ?", [status.rawValue, bid.id])
    }

    /// The auction with `id` and the owner of each of its squares (nil when unowned), or nil: `find` and the own-land
    /// check of a bid in two statements.
    static func findForBid(id: Int64, in transaction: Transaction) throws(GameError)
        -> (auction: Auction, squareOwners: [Int64?])? {
        let (auctionRow, squareRows) = try storeCall { () throws(StoreError) -> (Row?, [Row]) in
            guard let row = try transaction.queryOne("SELECT \(Auction.columns) FROM auctions WHERE id = ?", [id]) else {
                return (nil, [])
            }
            return (row, try transaction.query(
                """
                SELECT q.square_id AS square_id, s.owner_id AS owner_id
                FROM auction_squares q JOIN land_squares s ON s.id = q.square_id
                WHERE q.auction_id = ? ORDER BY q.square_id
                """, [id]))
        }
        guard let auctionRow else { return nil }
        let squares = try storeCall { () throws(StoreError) in
            try squareRows.map { row throws(StoreError) in (try row.int64("square_id"), try row.optionalInt64("owner_id")) }
        }
        return (try Auction(row: auctionRow, landSquares: squares.map(\.0)), squares.map(\.1))
    }

    /// A sealed auction's standing state for one bidder: its own standing bid (at most one, a unique index) and how
    /// many bids stand (counted on the index, no row read).
    private static func sealedStanding(auctionID: Int64, playerID: Int64, in transaction: Transaction) throws(GameError)
        -> (own: AuctionBid?, standingCount: Int) {
        let (own, count) = try storeCall { () throws(StoreError) -> (Row?, Int) in
            let own = try transaction.queryOne(
                "SELECT \(AuctionBid.columns) FROM auction_bids WHERE auction_id = ? AND player_id = ? AND status = 'standing'",
                [auctionID, playerID])
            let count = try transaction.queryOne(
                "SELECT count(*) AS standing FROM auction_bids WHERE auction_id = ? AND status = 'standing'", [auctionID])
            return (own, try count?.int("standing") ?? 0)
        }
        return (try own.map { row throws(GameError) in try AuctionBid(row: row) }, count)
    }
}
