import Store

/// What an operator or the daily check asks for: the squares, the provider, the window and the prices.
public struct NewAuction: Sendable, Equatable {
    public var auctionType: String
    public var landSquares: [Int64]
    public var startTime: Int64
    public var endTime: Int64
    public var reservePrice: Int64
    /// nil uses `AuctionRules.defaultMinIncrement`.
    public var minIncrement: Int64?
    /// The player putting their own squares up (an owner-initiated auction), or nil for a game auction, which may
    /// only sell unowned land.
    public var ownerID: Int64?

    public init(auctionType: String, landSquares: [Int64], startTime: Int64, endTime: Int64, reservePrice: Int64 = 0,
                minIncrement: Int64? = nil, ownerID: Int64? = nil) {
        self.auctionType = auctionType
        self.landSquares = landSquares
        self.startTime = startTime
        self.endTime = endTime
        self.reservePrice = reservePrice
        self.minIncrement = minIncrement
        self.ownerID = ownerID
    }
}

/// The auction rules over the database: creation, lookups, bids (`Auctions+Bid`) and settlement (`Auctions+Settle`).
///
/// Changes run inside a writer `Transaction` (the writer thread), each call one atomic step of the caller's command;
/// lookups take any executor. Every balance change is a `Ledger.transfer` with an `auction_*` reason.
public enum Auctions {
    /// Creates an auction (status `in-progress`, or `scheduled` when it starts later) and returns it with its event.
    /// A game auction (`ownerID` nil) sells unowned land only; an owner's auction sells squares that owner holds.
    /// Either way a square is in one sale at a time: not in another active auction, not listed on the marketplace.
    /// - Throws: `AuctionError.unknownAuctionType`, `.squaresUnavailable` (owned by someone for a game auction,
    ///   listed, locked, in an active auction), `.notSquareOwner`, `.invalidAuction`; `GameError.squareNotFound`,
    ///   `GameError.store`.
    public static func create(_ request: NewAuction, rules: AuctionRules, providers: AuctionProviders, now: Int64,
                              in transaction: Transaction) throws -> (auction: Auction, events: [DomainEvent]) {
        _ = try providers.provider(for: request.auctionType)
        let squares = Array(Set(request.landSquares)).sorted()
        guard !squares.isEmpty, squares.count == request.landSquares.count, squares.count <= rules.maxSquaresPerAuction else {
            throw AuctionError.invalidAuction(reason: "landSquares must hold 1 to \(rules.maxSquaresPerAuction) distinct ids")
        }
        guard request.endTime > request.startTime, request.endTime > now else {
            throw AuctionError.invalidAuction(reason: "the auction must end after it starts and after now")
        }
        guard request.reservePrice >= 0 else { throw AuctionError.invalidAuction(reason: "reservePrice must be >= 0") }
        let minIncrement = request.minIncrement ?? rules.defaultMinIncrement
        guard minIncrement >= 1 else { throw AuctionError.invalidAuction(reason: "minIncrement must be >= 1") }
        let sellerID = try checkSquares(squares, ownerID: request.ownerID, in: transaction)
        let origin: AuctionOrigin = request.ownerID == nil ? .system : .owner
        let status: AuctionStatus = request.startTime > now ? .scheduled : .inProgress
        try transaction.run(
            """
            INSERT INTO auctions (auction_type, status, start_time, end_time, original_end_time, reserve_price,
                min_increment, seller_id, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [request.auctionType, status.rawValue, request.startTime, request.endTime, request.endTime,
             request.reservePrice, minIncrement, sellerID, origin.rawValue, now])
        let id = transaction.lastInsertRowID
        for square in squares {
            try transaction.run("INSERT INTO auction_squares (auction_id, square_id) VALUES (?, ?)", [id, square])
            try SquareLocks.acquire(squareID: square, holder: lockHolder(auctionID: id), now: now, in: transaction)
        }
        guard let auction = try find(id: id, in: transaction) else { throw AuctionError.auctionNotFound(auctionID: id) }
        return (auction, [try AuctionEvents.created(auction)])
    }

    /// The `SquareLocks` holder name of an auction: its squares are held (no merge, upgrade or listing) while it runs.
    static func lockHolder(auctionID: Int64) -> String { "auction:\(auctionID)" }

    /// Gives back the auction's holds on its squares (at settlement, failure or cancellation).
    static func releaseLocks(_ auction: Auction, in transaction: Transaction) throws {
        for square in auction.landSquares {
            try SquareLocks.release(squareID: square, holder: lockHolder(auctionID: auction.id), in: transaction)
        }
    }

    /// Checks every square exists, belongs to `ownerID` (nil: to nobody), is not listed, is in no active auction and
    /// its region is open; returns the seller (`ownerID`). Ownership is checked first, so another player's square
    /// answers `notSquareOwner` whatever its state.
    private static func checkSquares(_ squares: [Int64], ownerID: Int64?, in transaction: Transaction) throws -> Int64? {
        for id in squares {
            let square = try World.square(id: id, in: transaction)
            if let ownerID, square.ownerID != ownerID {
                throw AuctionError.notSquareOwner(squareID: id, playerID: ownerID)
            }
            if ownerID == nil, square.ownerID != nil {
                throw AuctionError.squaresUnavailable(squareID: id, reason: "it is owned; only its owner can auction it")
            }
            let active = try transaction.queryOne(
                """
                SELECT a.id FROM auction_squares s JOIN auctions a ON a.id = s.auction_id
                WHERE s.square_id = ? AND a.status IN ('scheduled', 'in-progress') LIMIT 1
                """, [id])
            if active != nil { throw AuctionError.squaresUnavailable(squareID: id, reason: "it is in an active auction") }
            if square.isLocked {
                let listed = try transaction.queryOne(
                    "SELECT id FROM market_listings WHERE square_id = ? AND status = 'active' LIMIT 1", [id])
                throw AuctionError.squaresUnavailable(
                    squareID: id, reason: listed == nil ? "its region is locked" : "it is listed on the marketplace")
            }
            if let holder = try SquareLocks.holder(of: id, in: transaction) {
                throw AuctionError.squaresUnavailable(squareID: id, reason: "it is held by \(holder)")
            }
        }
        return ownerID
    }

    /// The auction with `id` and its squares, or nil.
    public static func find(id: Int64, in database: any SQLExecutor) throws(GameError) -> Auction? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(Auction.columns) FROM auctions WHERE id = ?", [id])
        }
        guard let row else { return nil }
        return try Auction(row: row, landSquares: try squareIDs(auctionID: id, in: database))
    }

    /// Every bid of `auctionID` (any status), oldest first. `bidsSQL` reads them in the order of the
    /// `auction_bids_auction` index and they are sorted by id here, as the list does (no temporary B-tree).
    public static func bids(auctionID: Int64, in database: any SQLExecutor) throws(GameError) -> [AuctionBid] {
        let rows = try storeCall { () throws(StoreError) in try database.query(bidsSQL, [auctionID]) }
        var bids: [AuctionBid] = []
        bids.reserveCapacity(rows.count)
        for row in rows { bids.append(try AuctionBid(row: row)) }
        return bids.sorted { $0.id < $1.id }
    }

    static let bidsSQL = "SELECT \(AuctionBid.columns) FROM auction_bids WHERE auction_id = ?"

    /// The standing bids of `auctionID`, ranked (highest, then earliest, first).
    public static func standingBids(auctionID: Int64, in database: any SQLExecutor) throws(GameError) -> [AuctionBid] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT \(AuctionBid.columns) FROM auction_bids WHERE auction_id = ? AND status = 'standing'
                ORDER BY amount DESC, placed_at, id
                """, [auctionID])
        }
        var bids: [AuctionBid] = []
        for row in rows { bids.append(try AuctionBid(row: row)) }
        return bids
    }

    /// Up to `limit` unlocked, unowned squares whose `nextAuctionAt` is due at `now` and that are in no active auction.
    /// Owned land is never put up by the game: only its owner can auction it.
    public static func dueSquares(now: Int64, limit: Int, in database: any SQLExecutor) throws(GameError) -> [Int64] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT s.id FROM land_squares s
                WHERE s.is_locked = 0 AND s.owner_id IS NULL AND s.next_auction_at IS NOT NULL AND s.next_auction_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM auction_squares q JOIN auctions a ON a.id = q.auction_id
                                  WHERE q.square_id = s.id AND a.status IN ('scheduled', 'in-progress'))
                ORDER BY s.next_auction_at, s.id LIMIT ?
                """, [now, Int64(max(0, limit))])
        }
        return try rows.map { row throws(GameError) in try storeCall { () throws(StoreError) in try row.int64("id") } }
    }

    /// Active auctions whose end passed before `now` (settlement overdue, e.g. its job died), at most `limit`.
    public static func overdue(now: Int64, limit: Int, in database: any SQLExecutor) throws(GameError) -> [Auction] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT \(Auction.columns) FROM auctions WHERE status IN ('scheduled', 'in-progress') AND end_time <= ?
                ORDER BY end_time LIMIT ?
                """, [now, Int64(max(0, limit))])
        }
        var auctions: [Auction] = []
        for row in rows {
            let id = try storeCall { () throws(StoreError) in try row.int64("id") }
            auctions.append(try Auction(row: row, landSquares: try squareIDs(auctionID: id, in: database)))
        }
        return auctions
    }

    static func squareIDs(auctionID: Int64, in database: any SQLExecutor) throws(GameError) -> [Int64] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT square_id FROM auction_squares WHERE auction_id = ? ORDER BY square_id", [auctionID])
        }
        return try rows.map { row throws(GameError) in try storeCall { () throws(StoreError) in try row.int64("square_id") } }
    }
}
