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
        guard var auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive, now >= auction.startTime else {
            throw AuctionError.notOpen(auctionID: auctionID, status: auction.status)
        }
        guard now < auction.endTime else { throw AuctionError.ended(auctionID: auctionID, endTime: auction.endTime) }
        let provider = try providers.provider(for: auction.auctionType)
        let owned = try transaction.queryOne(
            """
            SELECT 1 AS owned FROM auction_squares q JOIN land_squares s ON s.id = q.square_id
            WHERE q.auction_id = ? AND s.owner_id = ? LIMIT 1
            """, [auctionID, playerID])
        if auction.sellerID == playerID || owned != nil { throw AuctionError.ownLand(auctionID: auctionID) }
        let ranked = try standingBids(auctionID: auctionID, in: transaction)
        try provider.validate(amount: amount, bidderID: playerID, auction: auction, ranked: ranked)
        let previous = ranked.first { $0.playerID == playerID }
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
        let standingAfter = ranked.filter { $0.playerID != playerID && !released.contains($0) } + [bid]
        let events = try AuctionEvents.bidPlaced(auction: auction, provider: provider, bid: bid, released: released,
                                                 bidderCount: Set(standingAfter.map(\.playerID)).count)
        return BidOutcome(bid: bid, auction: auction, released: released, wasExtended: wasExtended, events: events)
    }

    /// Moves the player's escrow for this auction from `old` to `new`: escrows the raise or releases the cut.
    private static func moveEscrow(playerID: Int64, from old: Int64, to new: Int64, auctionID: Int64, now: Int64,
                                   in transaction: Transaction) throws {
        guard new != old else { return }
        let available = try Ledger.playerAccount(playerID: playerID, .available, .gold, in: transaction)
        let escrow = try Ledger.playerAccount(playerID: playerID, .escrow, .gold, in: transaction)
        let reference = "auction:\(auctionID)"
        if new > old {
            guard available.balance >= new - old else { throw AuctionError.insufficientFunds(auctionID: auctionID) }
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: available.id, toAccountID: escrow.id,
                                                amount: new - old, reason: .auctionBid, reference: reference),
                                now: now, in: transaction)
        } else {
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: escrow.id, toAccountID: available.id,
                                                amount: old - new, reason: .auctionRelease, reference: reference),
                                now: now, in: transaction)
        }
    }

    /// Returns `bid`'s escrow to its player and gives it the final `status`.
    static func release(_ bid: AuctionBid, as status: AuctionBidStatus, now: Int64, in transaction: Transaction) throws {
        let available = try Ledger.playerAccount(playerID: bid.playerID, .available, .gold, in: transaction)
        let escrow = try Ledger.playerAccount(playerID: bid.playerID, .escrow, .gold, in: transaction)
        try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: escrow.id, toAccountID: available.id,
                                            amount: bid.amount, reason: .auctionRelease,
                                            reference: "auction:\(bid.auctionID)"),
                            now: now, in: transaction)
        try transaction.run("UPDATE auction_bids SET status = ? WHERE id = ?", [status.rawValue, bid.id])
    }
}
