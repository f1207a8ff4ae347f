import Game

/// The validated body fields every auction creation shares: `auctionType`, `durationSeconds`, `reservePrice` and the
/// optional `minIncrement`, with one set of bounds for the operator's route and the owner's.
///
/// A value parsed on the event loop from a `RequestBody`; the provider and the squares are checked later by
/// `Auctions.create` in the writer command.
struct AuctionRequestFields: Sendable, Equatable {
    /// The body members these fields use (a route adds its own, such as `landSquares`).
    static let names: Set<String> = ["auctionType", "durationSeconds", "reservePrice", "minIncrement"]
    /// Longest bidding window: a year and a day.
    static let durationSeconds: ClosedRange<Int64> = 1...(366 * 86_400)

    var auctionType: String
    var durationSeconds: Int64
    var reservePrice: Int64
    var minIncrement: Int64?

    /// Reads and bounds the fields of `body`.
    /// - Throws: `APIRequestError` (missing field, wrong type, out of range).
    init(_ body: RequestBody) throws(APIRequestError) {
        auctionType = try body.string("auctionType", length: 1...40)
        durationSeconds = try body.integer("durationSeconds", range: Self.durationSeconds)
        reservePrice = try body.integer("reservePrice", range: 0...AuctionHandlers.maxAmount)
        minIncrement = body.members["minIncrement"] == nil
            ? nil : try body.integer("minIncrement", range: 1...AuctionHandlers.maxAmount)
    }

    /// The auction request for `squares` starting at `now` (`ownerID` set for an owner's own auction).
    func request(squares: [Int64], now: Int64, ownerID: Int64?) -> NewAuction {
        NewAuction(auctionType: auctionType, landSquares: squares, startTime: now, endTime: now + durationSeconds * 1000,
                   reservePrice: reservePrice, minIncrement: minIncrement, ownerID: ownerID)
    }
}
