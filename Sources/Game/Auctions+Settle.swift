import Store

/// What settling an auction found or did.
public enum SettlementOutcome: Sendable, Equatable {
    /// Settled now: completed with `winner` at `price`, or without a winner (both nil).
    case settled(auction: Auction, events: [DomainEvent])
    /// The auction was already settled, failed or cancelled: nothing changed (a repeated job run).
    case alreadyClosed(auction: Auction)
    /// The bidding window is still open (anti-sniping moved the end): settle again at `endTime`.
    case notDue(endTime: Int64)
}

extension Auctions {
    /// Settles `auctionID` in the caller's writer command: the provider picks the winner and price; the squares go to
    /// the winner; the price goes to the seller (the treasury for unowned land) minus the fee; the winner's surplus
    /// and every loser's escrow are released; the squares get their next auction time.
    /// - Throws: `AuctionError.auctionNotFound`, `.ownershipChanged`, ledger and store errors (the caller rolls back).
    public static func settle(auctionID: Int64, rules: AuctionRules, providers: AuctionProviders, now: Int64,
                              in transaction: Transaction) throws -> SettlementOutcome {
        guard var auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive else { return .alreadyClosed(auction: auction) }
        guard now >= auction.endTime else { return .notDue(endTime: auction.endTime) }
        let provider = try providers.provider(for: auction.auctionType)
        let ranked = try standingBids(auctionID: auctionID, in: transaction)
        let resolution = provider.resolve(auction: auction, ranked: ranked)
        var nextAuction: Int64? = now + rules.unsoldRetryMilliseconds
        if let resolution {
            try pay(resolution, auction: auction, rules: rules, now: now, in: transaction)
            nextAuction = rules.resaleIntervalMilliseconds.map { now + $0 }
            auction.winnerID = resolution.winningBid.playerID
            auction.finalPrice = resolution.price
        }
        for bid in ranked where bid.id != resolution?.winningBid.id {
            try release(bid, as: .lost, now: now, in: transaction)
        }
        for square in auction.landSquares {
            try transaction.run("UPDATE land_squares SET owner_id = coalesce(?, owner_id), next_auction_at = ? WHERE id = ?",
                                [auction.winnerID, nextAuction, square])
        }
        try releaseLocks(auction, in: transaction)
        try transaction.run(
            "UPDATE auctions SET status = 'completed', winner_id = ?, final_price = ?, settled_at = ? WHERE id = ?",
            [auction.winnerID, auction.finalPrice, now, auctionID])
        auction.status = .completed
        auction.settledAt = now
        let events = try AuctionEvents.settled(auction, nextAuctionAt: nextAuction)
        return .settled(auction: auction, events: events)
    }

    /// Pays the seller (or treasury) and the fee from the winner's escrow, releases the winner's surplus, and marks
    /// the winning bid `won`.
    private static func pay(_ resolution: AuctionResolution, auction: Auction, rules: AuctionRules, now: Int64,
                            in transaction: Transaction) throws {
        for square in auction.landSquares {
            let current = try World.square(id: square, in: transaction)
            if current.ownerID != auction.sellerID {
                throw AuctionError.ownershipChanged(auctionID: auction.id, squareID: square)
            }
        }
        let bid = resolution.winningBid
        let escrow = try Ledger.playerAccount(playerID: bid.playerID, .escrow, .gold, in: transaction)
        let seller = if let sellerID = auction.sellerID {
            try Ledger.playerAccount(playerID: sellerID, .available, .gold, in: transaction)
        } else {
            try Ledger.systemAccount(.treasury, .gold, in: transaction)
        }
        let fee = rules.fee(onPrice: resolution.price)
        let reference = "auction:\(auction.id)"
        var moves: [(to: Int64, amount: Int64, reason: TransferReason)] = [
            (seller.id, resolution.price - fee, .auctionPayment),
        ]
        if fee > 0 { moves.append((try Ledger.systemAccount(.fees, .gold, in: transaction).id, fee, .auctionFee)) }
        if bid.amount > resolution.price {
            let available = try Ledger.playerAccount(playerID: bid.playerID, .available, .gold, in: transaction)
            moves.append((available.id, bid.amount - resolution.price, .auctionRelease))
        }
        for move in moves where move.amount > 0 {
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: escrow.id, toAccountID: move.to,
                                                amount: move.amount, reason: move.reason, reference: reference),
                                now: now, in: transaction)
        }
        try transaction.run("UPDATE auction_bids SET status = 'won' WHERE id = ?", [bid.id])
    }

    /// Gives up on `auctionID` (settlement out of attempts, or an operator's decision): status `failed` (or
    /// `cancelled`), every standing bid released, squares unchanged but for their next auction time.
    /// Returns nil when the auction was no longer active.
    public static func close(auctionID: Int64, as status: AuctionStatus, reason: String, rules: AuctionRules,
                             now: Int64, in transaction: Transaction) throws -> (auction: Auction, events: [DomainEvent])? {
        precondition(status == .failed || status == .cancelled, "close ends an auction as failed or cancelled")
        guard var auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive else { return nil }
        for bid in try standingBids(auctionID: auctionID, in: transaction) {
            try release(bid, as: .released, now: now, in: transaction)
        }
        let nextAuction = now + rules.unsoldRetryMilliseconds
        for square in auction.landSquares {
            try transaction.run("UPDATE land_squares SET next_auction_at = ? WHERE id = ?", [nextAuction, square])
        }
        try releaseLocks(auction, in: transaction)
        try transaction.run("UPDATE auctions SET status = ?, settled_at = ?, failure_reason = ? WHERE id = ?",
                            [status.rawValue, now, reason, auctionID])
        auction.status = status
        auction.settledAt = now
        return (auction, try AuctionEvents.settled(auction, nextAuctionAt: nextAuction))
    }
}
