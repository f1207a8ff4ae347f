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
    /// the winner; the price goes to the seller minus the marketplace fee (`market.fee(on:)`) for an owner's auction,
    /// or to the treasury minus the auction fee for unowned land; the winner's surplus and every loser's escrow are
    /// released. Unowned land left unsold gets its next auction time; owned land (sold or not) gets none.
    /// An auction of owned land the game started (only possible before migration 0014) is cancelled instead, every bid
    /// released (the outcome is then `.settled` with status `cancelled`).
    /// Every player concerned gets an event on `player:{id}`: `auction_won`, `auction_lost`, and for an owner's auction
    /// `auction_sold` or `auction_unsold`.
    /// - Throws: `AuctionError.auctionNotFound`, `.ownershipChanged`, ledger and store errors (the caller rolls back).
    public static func settle(auctionID: Int64, rules: AuctionRules, providers: AuctionProviders,
                              market: MarketConfiguration = MarketConfiguration(), now: Int64,
                              in transaction: Transaction) throws -> SettlementOutcome {
        guard var auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive else { return .alreadyClosed(auction: auction) }
        guard now >= auction.endTime else { return .notDue(endTime: auction.endTime) }
        if auction.origin == .system, auction.sellerID != nil {
            let reason = "owned land is auctioned only by its owner"
            guard let closed = try close(auctionID: auctionID, as: .cancelled, reason: reason, rules: rules, now: now,
                                         in: transaction) else { return .alreadyClosed(auction: auction) }
            return .settled(auction: closed.auction, events: closed.events)
        }
        let provider = try providers.provider(for: auction.auctionType)
        let ranked = try standingBids(auctionID: auctionID, in: transaction)
        let resolution = provider.resolve(auction: auction, ranked: ranked)
        var nextAuction: Int64? = auction.sellerID == nil ? now + rules.unsoldRetryMilliseconds : nil
        var sale: AuctionSale?
        if let resolution {
            sale = try pay(resolution, auction: auction, rules: rules, market: market, now: now, in: transaction)
            nextAuction = nil
            auction.winnerID = resolution.winningBid.playerID
            auction.finalPrice = resolution.price
        }
        var lost: [AuctionBid] = []
        for var bid in ranked where bid.id != resolution?.winningBid.id {
            try release(bid, as: .lost, now: now, in: transaction)
            bid.status = .lost
            lost.append(bid)
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
        var events = try AuctionEvents.settled(auction, nextAuctionAt: nextAuction)
        events += try AuctionPlayerEvents.settled(auction, sale: sale, lost: lost, hadBids: !ranked.isEmpty)
        return .settled(auction: auction, events: events)
    }

    /// Pays the seller (or treasury) and the fee from the winner's escrow, releases the winner's surplus, and marks
    /// the winning bid `won`. An owner's sale pays the marketplace fee (the listings' rule), a game sale the auction
    /// fee; both go to the `fees` account with reason `auction_fee` (it leaves auction escrow, which the audit counts).
    private static func pay(_ resolution: AuctionResolution, auction: Auction, rules: AuctionRules,
                            market: MarketConfiguration, now: Int64, in transaction: Transaction) throws -> AuctionSale {
        for square in auction.landSquares {
            let current = try World.square(id: square, in: transaction)
            if current.ownerID != auction.sellerID {
                throw AuctionError.ownershipChanged(auctionID: auction.id, squareID: square)
            }
        }
        let bid = resolution.winningBid
        let escrow = LedgerAccountKey.player(bid.playerID, .escrow)
        let seller: LedgerAccountKey = auction.sellerID.map { .player($0, .available) } ?? .system(.treasury)
        let isOwnerSale = auction.sellerID != nil
        let fee = isOwnerSale ? market.fee(on: resolution.price) : rules.fee(onPrice: resolution.price)
        let reference = "auction:\(auction.id)"
        let moves: [(to: LedgerAccountKey, amount: Int64, reason: TransferReason)] = [
            (seller, resolution.price - fee, .auctionPayment),
            (.system(.fees), fee, .auctionFee),
            (.player(bid.playerID, .available), bid.amount - resolution.price, .auctionRelease),
        ]
        for move in moves where move.amount > 0 {
            try Ledger.move(move.amount, .gold, from: escrow, to: move.to, reason: move.reason, reference: reference,
                            now: now, in: transaction)
        }
        try transaction.run("UPDATE auction_bids SET status = 'won' WHERE id = ?", [bid.id])
        return AuctionSale(winningBid: bid, price: resolution.price, fee: fee)
    }

    /// Gives up on `auctionID` (settlement out of attempts, or an operator's decision): status `failed` (or
    /// `cancelled`), every standing bid released (`bid_released` to each bidder, `auction_closed` to an owner-seller),
    /// squares unchanged but for an unowned square's next auction time. Returns nil when the auction was no longer
    /// active.
    public static func close(auctionID: Int64, as status: AuctionStatus, reason: String, rules: AuctionRules,
                             now: Int64, in transaction: Transaction) throws -> (auction: Auction, events: [DomainEvent])? {
        precondition(status == .failed || status == .cancelled, "close ends an auction as failed or cancelled")
        guard var auction = try find(id: auctionID, in: transaction) else {
            throw AuctionError.auctionNotFound(auctionID: auctionID)
        }
        guard auction.status.isActive else { return nil }
        var released: [AuctionBid] = []
        for var bid in try standingBids(auctionID: auctionID, in: transaction) {
            try release(bid, as: .released, now: now, in: transaction)
            bid.status = .released
            released.append(bid)
        }
        let nextAuction = now + rules.unsoldRetryMilliseconds
        for square in auction.landSquares {
            try transaction.run("UPDATE land_squares SET next_auction_at = CASE WHEN owner_id IS NULL THEN ? END WHERE id = ?",
                                [nextAuction, square])
        }
        try releaseLocks(auction, in: transaction)
        try transaction.run("UPDATE auctions SET status = ?, settled_at = ?, failure_reason = ? WHERE id = ?",
                            [status.rawValue, now, reason, auctionID])
        auction.status = status
        auction.settledAt = now
        let events = try AuctionEvents.settled(auction, nextAuctionAt: auction.sellerID == nil ? nextAuction : nil)
            + (try AuctionPlayerEvents.closed(auction, released: released))
        return (auction, events)
    }
}
