/// The open (English, ascending) auction: every bid must beat the current high by the minimum increment, the
/// previous high bidder is released at once, the high bid is public, and late bids extend the end (anti-sniping).
///
/// An immutable value; see `AuctionProvider` for threading.
public struct AuctionOpenProvider: AuctionProvider {
    public init() {}

    public var auctionType: String { "open" }
    public var isSealed: Bool { false }
    public var extendsOnLateBids: Bool { true }

    /// The least acceptable next bid: the reserve (at least 1) without bids, else the high plus the increment.
    public func minimumBid(auction: Auction, ranked: [AuctionBid]) -> Int64 {
        guard let high = ranked.first else { return max(1, auction.reservePrice) }
        let (sum, overflow) = high.amount.addingReportingOverflow(auction.minIncrement)
        return overflow ? Int64.max : sum
    }

    public func validate(amount: Int64, bidderID: Int64, auction: Auction, ranked: [AuctionBid]) throws(AuctionError) {
        let minimum = minimumBid(auction: auction, ranked: ranked)
        guard amount >= minimum else { throw .bidTooLow(auctionID: auction.id, minimumAmount: minimum) }
    }

    public func bidsReleased(by newBid: AuctionBid, othersRanked: [AuctionBid]) -> [AuctionBid] {
        othersRanked
    }

    public func resolve(auction: Auction, ranked: [AuctionBid]) -> AuctionResolution? {
        guard let high = ranked.first, high.amount >= auction.reservePrice else { return nil }
        return AuctionResolution(winningBid: high, price: high.amount)
    }
}
