import Store

/// Land listings: create (locks the square), cancel (unlocks), buy (gold minus fee to the seller, the fee to `fees`,
/// ownership to the buyer, in one writer command), expire.
///
/// Changes run on the writer thread inside one `Transaction`, so two buyers racing for one listing serialize: the
/// second finds it `sold` and gets `.listingNotActive`. A throw rolls the whole command back.
public enum Listings {
    /// Lists `squareID` for `sellerID`.
    /// - Throws: `.invalidPrice`, `.invalidSchedule`, `.game(.squareNotFound)`, `.squareNotOwned`, `.squareLocked`
    ///   (listed, region locked, or held by a `SquareLocks` holder such as an active auction).
    public static func create(squareID: Int64, sellerID: Int64, pricing: ListingPricing,
                              configuration: MarketConfiguration, now: Int64,
                              in transaction: Transaction) throws(MarketError) -> ListingChange {
        let (start, floor, declineMilliseconds) = try validate(pricing, configuration: configuration)
        let square = try ledgerCall { () throws(GameError) in try World.square(id: squareID, in: transaction) }
        guard square.ownerID == sellerID else { throw .squareNotOwned(squareID: squareID, playerID: sellerID) }
        guard !square.isLocked else { throw .squareLocked(squareID: squareID) }
        // One sale at a time: a square held by an auction (or a merge) cannot be listed.
        let holder = try marketSQL { () throws(StoreError) in
            try transaction.queryOne("SELECT holder FROM square_locks WHERE square_id = ?", [squareID])
        }
        guard holder == nil else { throw .squareLocked(squareID: squareID) }
        let expiresAt = now + max(configuration.listingLifetimeMilliseconds, declineMilliseconds)
        try marketSQL { () throws(StoreError) in
            try transaction.run("UPDATE land_squares SET is_locked = 1 WHERE id = ? AND is_locked = 0", [squareID])
            try transaction.run(
                """
                INSERT INTO market_listings (square_id, seller_id, pricing, start_price, floor_price, decline_ms, status,
                    created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)
                """,
                [squareID, sellerID, declineMilliseconds > 0 ? "declining" : "fixed", start, floor,
                 declineMilliseconds, now, expiresAt])
        }
        let listing = try self.listing(id: transaction.lastInsertRowID, in: transaction)
        return ListingChange(listing: listing, events: MarketEvents.listingEvents(listing, type: MarketEvents.listingCreatedType))
    }

    /// Cancels `listingID` for its seller and unlocks the square.
    /// - Throws: `.listingNotFound`, `.notListingOwner`, `.listingNotActive`.
    public static func cancel(listingID: Int64, playerID: Int64, now: Int64,
                              in transaction: Transaction) throws(MarketError) -> ListingChange {
        let listing = try listing(id: listingID, in: transaction)
        guard listing.sellerID == playerID else { throw .notListingOwner(listingID: listingID, playerID: playerID) }
        guard listing.status == .active else { throw .listingNotActive(listingID: listingID, status: listing.status) }
        return try close(listing, as: .cancelled, now: now, in: transaction)
    }

    /// Buys `listingID` for `buyerID` at its price now: gold minus the fee to the seller, the fee to `fees`,
    /// the square to the buyer (unlocked), the listing `sold`.
    /// - Throws: `.listingNotFound`, `.listingNotActive` (sold, cancelled, expired — the losing racer's 409),
    ///   `.ownListing`, `.game(.insufficientFunds)`.
    public static func buy(listingID: Int64, buyerID: Int64, configuration: MarketConfiguration, now: Int64,
                           in transaction: Transaction) throws(MarketError) -> ListingChange {
        var listing = try listing(id: listingID, in: transaction)
        guard listing.status == .active, now < listing.expiresAt else {
            throw .listingNotActive(listingID: listingID, status: listing.status == .active ? .expired : listing.status)
        }
        guard listing.sellerID != buyerID else { throw .ownListing(listingID: listingID) }
        let square = try ledgerCall { () throws(GameError) in try World.square(id: listing.squareID, in: transaction) }
        guard square.ownerID == listing.sellerID else {
            throw .squareNotOwned(squareID: listing.squareID, playerID: listing.sellerID)
        }
        let price = listing.price(at: now)
        let fee = configuration.fee(on: price)
        let reference = "listing:\(listingID)"
        let buyerGold = try OrderBook.account(buyerID, .available, .gold, in: transaction)
        if buyerGold.balance < price {
            throw .game(.insufficientFunds(accountID: buyerGold.id, asset: .gold, available: buyerGold.balance,
                                           requested: price))
        }
        let accounts = LedgerAccounts(in: transaction)
        try OrderBook.move(price - fee, .gold, from: .id(buyerGold.id), to: .player(listing.sellerID, .available),
                           reason: .listingSale, reference: reference, now: now, accounts: accounts)
        try OrderBook.move(fee, .gold, from: .id(buyerGold.id), to: .system(.fees),
                           reason: .marketFee, reference: reference, now: now, accounts: accounts)
        try marketSQL { () throws(StoreError) in
            try transaction.run("UPDATE land_squares SET owner_id = ?, is_locked = 0 WHERE id = ?",
                                [buyerID, listing.squareID])
            try transaction.run(
                """
                UPDATE market_listings SET status = 'sold', closed_at = ?, buyer_id = ?, sold_price = ?, fee = ?
                WHERE id = ? AND status = 'active'
                """, [now, buyerID, price, fee, listingID])
        }
        listing = try self.listing(id: listingID, in: transaction)
        return ListingChange(listing: listing,
                             events: MarketEvents.listingEvents(listing, type: MarketEvents.listingClosedType)
                                 + MarketEvents.listingPlayerEvents(listing, fee: fee))
    }

    /// Expires up to `limit` active listings whose lifetime ended at or before `now`, unlocking their squares.
    public static func expire(now: Int64, limit: Int, in transaction: Transaction) throws(MarketError) -> [ListingChange] {
        let rows = try marketSQL { () throws(StoreError) in
            try transaction.query(
                """
                SELECT \(Listing.columns) FROM market_listings WHERE status = 'active' AND expires_at <= ?
                ORDER BY expires_at, id LIMIT ?
                """, [now, limit])
        }
        return try rows.map { row throws(MarketError) in try close(try Listing(row: row), as: .expired, now: now, in: transaction) }
    }

    /// The listing with `id`.
    /// - Throws: `.listingNotFound`.
    public static func listing(id: Int64, in database: any SQLExecutor) throws(MarketError) -> Listing {
        let row = try marketSQL { () throws(StoreError) in
            try database.queryOne("SELECT \(Listing.columns) FROM market_listings WHERE id = ?", [id])
        }
        guard let row else { throw .listingNotFound(listingID: id) }
        return try Listing(row: row)
    }

    /// Active listings, oldest first, at most `limit`.
    public static func active(limit: Int, in database: any SQLExecutor) throws(MarketError) -> [Listing] {
        let rows = try marketSQL { () throws(StoreError) in
            try database.query(
                "SELECT \(Listing.columns) FROM market_listings WHERE status = 'active' ORDER BY id LIMIT ?", [limit])
        }
        return try rows.map { row throws(MarketError) in try Listing(row: row) }
    }

    private static func close(_ listing: Listing, as status: ListingStatus, now: Int64,
                              in transaction: Transaction) throws(MarketError) -> ListingChange {
        try marketSQL { () throws(StoreError) in
            try transaction.run("UPDATE market_listings SET status = ?, closed_at = ? WHERE id = ?",
                                [status.rawValue, now, listing.id])
            try transaction.run("UPDATE land_squares SET is_locked = 0 WHERE id = ?", [listing.squareID])
        }
        let closed = try self.listing(id: listing.id, in: transaction)
        return ListingChange(listing: closed,
                             events: MarketEvents.listingEvents(closed, type: MarketEvents.listingClosedType)
                                 + MarketEvents.listingPlayerEvents(closed))
    }

    private static func validate(_ pricing: ListingPricing,
                                 configuration: MarketConfiguration) throws(MarketError) -> (Int64, Int64, Int64) {
        switch pricing {
        case .fixed(let price):
            guard (1...configuration.maxPrice).contains(price) else {
                throw .invalidPrice(price: price, maximum: configuration.maxPrice)
            }
            return (price, price, 0)
        case .declining(let start, let floor, let seconds):
            for price in [start, floor] where !(1...configuration.maxPrice).contains(price) {
                throw .invalidPrice(price: price, maximum: configuration.maxPrice)
            }
            guard start > floor, (1...configuration.maxDeclineSeconds).contains(seconds) else {
                throw .invalidSchedule(startPrice: start, floorPrice: floor, durationSeconds: seconds,
                                       maximumSeconds: configuration.maxDeclineSeconds)
            }
            return (start, floor, seconds * 1000)
        }
    }
}
