import Store

/// Where an auction is in its life: `scheduled` (not started), `in-progress` (taking bids until `endTime`),
/// then `completed` (with or without a winner), `failed` (settlement gave up; escrow released) or `cancelled`.
public enum AuctionStatus: String, Sendable, CaseIterable, Equatable {
    case scheduled
    case inProgress = "in-progress"
    case completed, failed, cancelled

    /// Whether the auction still holds escrow and waits for settlement.
    public var isActive: Bool { self == .scheduled || self == .inProgress }
}

/// One auction of one or more land squares, as stored in `auctions` (plus its squares from `auction_squares`).
///
/// A value read inside a writer command or a reader snapshot; stale as soon as that ends. Times are Unix milliseconds.
public struct Auction: Sendable, Equatable {
    public var id: Int64
    /// The registered provider's name (`open`, `blind`, `vickrey`...).
    public var auctionType: String
    public var status: AuctionStatus
    public var landSquares: [Int64]
    public var startTime: Int64
    public var endTime: Int64
    /// The end before anti-sniping extensions (extensions are capped relative to it).
    public var originalEndTime: Int64
    public var reservePrice: Int64
    public var minIncrement: Int64
    /// The squares' owner when the auction was created; nil for unowned land (paid to the treasury).
    public var sellerID: Int64?
    /// Who started it: the game (unowned land) or the owner of the squares (`sellerID`).
    public var origin: AuctionOrigin
    public var winnerID: Int64?
    public var finalPrice: Int64?
    public var createdAt: Int64
    public var settledAt: Int64?

    static let columns = """
        id, auction_type, status, start_time, end_time, original_end_time, reserve_price, min_increment, seller_id, \
        origin, winner_id, final_price, created_at, settled_at
        """

    /// Reads a row selected with `Auction.columns`; `landSquares` is filled by the caller.
    init(row: Row, landSquares: [Int64]) throws(GameError) {
        let statusText: String
        let originText: String
        do throws(StoreError) {
            id = try row.int64("id")
            auctionType = try row.string("auction_type")
            statusText = try row.string("status")
            startTime = try row.int64("start_time")
            endTime = try row.int64("end_time")
            originalEndTime = try row.int64("original_end_time")
            reservePrice = try row.int64("reserve_price")
            minIncrement = try row.int64("min_increment")
            sellerID = try row.optionalInt64("seller_id")
            originText = try row.string("origin")
            winnerID = try row.optionalInt64("winner_id")
            finalPrice = try row.optionalInt64("final_price")
            createdAt = try row.int64("created_at")
            settledAt = try row.optionalInt64("settled_at")
        } catch {
            throw .store(error)
        }
        status = try AuctionStatus(stored: statusText, column: "status", table: "auctions", id: id)
        origin = try AuctionOrigin(stored: originText, column: "origin", table: "auctions", id: id)
        self.landSquares = landSquares
    }

    /// Whether a bid at `now` is inside the bidding window (and the auction still active).
    public func acceptsBids(at now: Int64) -> Bool {
        status.isActive && now >= startTime && now < endTime
    }
}

extension Auction {
    /// An auction read by column position (`Auction.columns`' order from column 0) while a hot read steps its row,
    /// its status and origin kept as stored text: `auction(landSquares:)` checks them, a `GameError` the row's reader
    /// cannot throw. Saves the named `Row` `init(row:landSquares:)` reads.
    struct Cells {
        private var auction: Auction
        private let statusText: String
        private let originText: String

        init(_ row: borrowing SQLiteRow) throws(StoreError) {
            statusText = try row.string(2)
            originText = try row.string(9)
            auction = Auction(id: try row.int64(0), auctionType: try row.string(1), startTime: try row.int64(3),
                              endTime: try row.int64(4), originalEndTime: try row.int64(5),
                              reservePrice: try row.int64(6), minIncrement: try row.int64(7),
                              sellerID: try row.optionalInt64(8), winnerID: try row.optionalInt64(10),
                              finalPrice: try row.optionalInt64(11), createdAt: try row.int64(12),
                              settledAt: try row.optionalInt64(13))
        }

        /// The auction with its squares, once its stored status and origin are checked.
        func auction(landSquares: [Int64]) throws(GameError) -> Auction {
            var auction = auction
            auction.status = try AuctionStatus(stored: statusText, column: "status", table: "auctions", id: auction.id)
            auction.origin = try AuctionOrigin(stored: originText, column: "origin", table: "auctions", id: auction.id)
            auction.landSquares = landSquares
            return auction
        }
    }

    /// The cells `Cells` reads; status and origin are set by `Cells.auction(landSquares:)`.
    private init(id: Int64, auctionType: String, startTime: Int64, endTime: Int64, originalEndTime: Int64,
                 reservePrice: Int64, minIncrement: Int64, sellerID: Int64?, winnerID: Int64?, finalPrice: Int64?,
                 createdAt: Int64, settledAt: Int64?) {
        self.id = id
        self.auctionType = auctionType
        status = .scheduled
        landSquares = []
        self.startTime = startTime
        self.endTime = endTime
        self.originalEndTime = originalEndTime
        self.reservePrice = reservePrice
        self.minIncrement = minIncrement
        self.sellerID = sellerID
        origin = .system
        self.winnerID = winnerID
        self.finalPrice = finalPrice
        self.createdAt = createdAt
        self.settledAt = settledAt
    }
}
