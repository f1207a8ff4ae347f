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
    /// `accounts` are the command's ledger accounts when the bid's events are published with holdings: every escrow
    /// move of the bid goes through them, and the publication takes the holdings from them. Without them the moves
    /// are `Ledger.move`'s guarded statements, which read no account range (cheaper when nothing needs holdings).
    /// - Throws: `AuctionError` (`auctionNotFound`, `notOpen`, `ended`, `ownLand`, `bidTooLow`, `insufficientFunds`),
    ///   `GameError` from the ledger, `StoreError`.
    public static func placeBid(auctionID: Int64, playerID: Int64, amount: Int64, rules: AuctionRules,
                                providers: AuctionProviders, now: Int64, traceID: String? = nil,
                                accounts: LedgerAccounts? = nil, in transaction: Transaction) throws -> BidOutcome {
        guard let found = try findForBid(id: auctionID, playerID: playerID, in: transaction) else {
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
        let sealed: (own: AuctionBid?, standingCount: Int)? = provider.isSealed ? (found.own, found.standingCount) : nil
        let ranked = sealed == nil ? try standingBids(auctionID: auctionID, in: transaction) : []
        try provider.validate(amount: amount, bidderID: playerID, auction: auction, ranked: ranked)
        let previous = sealed?.own ?? ranked.first { $0.playerID == playerID }
        try moveEscrow(playerID: playerID, from: previous?.amount ?? 0, to: amount, auctionID: auctionID, now: now,
                       accounts: accounts, in: transaction)
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
            try release(loser, as: .outbid, now: now, accounts: accounts, in: transaction)
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
                                   accounts: LedgerAccounts?, in transaction: Transaction) throws {
        guard new != old else { return }
        let available = LedgerAccountKey.player(playerID, .available)
        let escrow = LedgerAccountKey.player(playerID, .escrow)
        if new > old {
            do {
                try move(new - old, from: available, to: escrow, reason: .auctionBid, auctionID: auctionID, now: now,
                         accounts: accounts, in: transaction)
            } catch .insufficientFunds {
                throw AuctionError.insufficientFunds(auctionID: auctionID)
            }
        } else {
            try move(old - new, from: escrow, to: available, reason: .auctionRelease, auctionID: auctionID, now: now,
                     accounts: accounts, in: transaction)
        }
    }

    /// Moves gold for `auctionID` through the command's `accounts` when given, else with `Ledger.move`.
    private static func move(_ amount: Int64, from source: LedgerAccountKey, to destination: LedgerAccountKey,
                             reason: TransferReason, auctionID: Int64, now: Int64, accounts: LedgerAccounts?,
                             in transaction: Transaction) throws(GameError) {
        let reference = "auction:\(auctionID)"
        if let accounts {
            try accounts.move(amount, .gold, from: source, to: destination, reason: reason, reference: reference,
                              now: now)
        } else {
            try Ledger.move(amount, .gold, from: source, to: destination, reason: reason, reference: reference,
                            now: now, in: transaction)
        }
    }

    /// Returns `bid`'s escrow to its player (through the command's `accounts` when given) and gives it the final
    /// `status`.
    static func release(_ bid: AuctionBid, as status: AuctionBidStatus, now: Int64, accounts: LedgerAccounts? = nil,
                        in transaction: Transaction) throws {
        let (source, destination) = (LedgerAccountKey.player(bid.playerID, .escrow),
                                     LedgerAccountKey.player(bid.playerID, .available))
        let reference = "auction:\(bid.auctionID)"
        if let accounts {
            try accounts.move(bid.amount, .gold, from: source, to: destination, reason: .auctionRelease,
                              reference: reference, now: now)
        } else {
            try Ledger.move(bid.amount, .gold, from: source, to: destination, reason: .auctionRelease,
                            reference: reference, now: now, in: transaction)
        }
        try transaction.run("UPDATE auction_bids SET status = ? WHERE id = ?", [status.rawValue, bid.id])
    }

    /// The auction with `id`, the owner of each of its squares (nil when unowned), `playerID`'s own standing bid on
    /// it and how many bids stand (counted on the index, no row read), or nil: `find`, the own-land check and what a
    /// sealed bid needs, in one statement (a row per square). An open auction ignores the last two (it reads every
    /// standing bid). Read by column position (`forBidSQL`'s order) as the rows are stepped: every bid runs it, and
    /// copying its twenty cells into named `Row`s was about a quarter of the read.
    static func findForBid(id: Int64, playerID: Int64, in transaction: Transaction) throws(GameError)
        -> (auction: Auction, squareOwners: [Int64?], own: AuctionBid?, standingCount: Int)? {
        var first: (auction: Auction.Cells, own: AuctionBid?, standingCount: Int)?
        var squares: [(Int64, Int64?)] = []
        try storeCall { () throws(StoreError) in
            try transaction.forEachRow(forBidSQL, [playerID, id]) { row throws(StoreError) in
                if first == nil {
                    var own: AuctionBid?
                    if let ownID = try row.optionalInt64(14) {
                        own = AuctionBid(id: ownID, auctionID: id, playerID: playerID, amount: try row.int64(15),
                                         placedAt: try row.int64(16), status: .standing)
                    }
                    first = (try Auction.Cells(row), own, Int(try row.int64(17)))
                }
                guard let squareID = try row.optionalInt64(18) else { return }
                squares.append((squareID, try row.optionalInt64(19)))
            }
        }
        guard let (cells, own, standingCount) = first else { return nil }
        squares.sort { $0.0 < $1.0 }
        return (try cells.auction(landSquares: squares.map(\.0)), squares.map(\.1), own, standingCount)
    }

    /// The auction (`Auction.columns`' order, columns 0-13), the bidder's standing bid (14-16, a look-up on the
    /// unique partial index), the standing count (17), and a row per square with its owner (18-19; squares are
    /// sorted by the caller).
    static let forBidSQL = """
        SELECT a.id AS id, a.auction_type AS auction_type, a.status AS status, a.start_time AS start_time,
            a.end_time AS end_time, a.original_end_time AS original_end_time, a.reserve_price AS reserve_price,
            a.min_increment AS min_increment, a.seller_id AS seller_id, a.origin AS origin, a.winner_id AS winner_id,
            a.final_price AS final_price, a.created_at AS created_at, a.settled_at AS settled_at,
            b.id AS own_id, b.amount AS own_amount, b.placed_at AS own_placed_at,
            (SELECT count(*) FROM auction_bids WHERE auction_id = a.id AND status = 'standing') AS standing,
            q.square_id AS square_id, s.owner_id AS owner_id
        FROM auctions a
        LEFT JOIN auction_bids b ON b.auction_id = a.id AND b.player_id = ? AND b.status = 'standing'
        LEFT JOIN auction_squares q ON q.auction_id = a.id
        LEFT JOIN land_squares s ON s.id = q.square_id
        WHERE a.id = ?
        """
}
