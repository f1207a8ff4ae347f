/// The blind (sealed first-price) auction: one standing bid per player, replaced by that player's next bid; nobody
/// sees amounts or the current high before settlement; the highest bid wins and pays its amount, ties go to the
/// earliest bid; below the reserve nobody wins.
///
/// An immutable value; see `AuctionProvider` for threading.
public struct AuctionBlindProvider: AuctionProvider {
    public init() {}

    public var auctionType: String { "blind" }
    public var isSealed: Bool { true }
    public var extendsOnLateBids: Bool { false }

    public func validate(amount: Int64, bidderID: Int64, auction: Auction, ranked: [AuctionBid]) throws(AuctionError) {
        try validateSealed(amount: amount, auction: auction)
    }

    public func bidsReleased(by newBid: AuctionBid, othersRanked: [AuctionBid]) -> [AuctionBid] { [] }

    public func resolve(auction: Auction, ranked: [AuctionBid]) -> AuctionResolution? {
        guard let high = ranked.first, high.amount >= auction.reservePrice else { return nil }
        return AuctionResolution(winningBid: high, price: high.amount)
    }
}
