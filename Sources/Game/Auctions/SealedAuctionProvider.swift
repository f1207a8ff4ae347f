/// An auction whose bids stay sealed until settlement (blind, Vickrey): any positive amount stands, no bid releases
/// another, a late bid never extends the end, and the highest standing bid at or above the reserve wins.
///
/// Why it exists: the sealed kinds differ only in what the winner pays; a conformer gives its `auctionType` and its
/// `price(paidBy:ranked:auction:)`, and shares the rest here. Immutable values, like every `AuctionProvider`.
public protocol SealedAuctionProvider: AuctionProvider {
    /// What `winner` (the highest standing bid, at or above the reserve) pays, given every standing bid highest first.
    func price(paidBy winner: AuctionBid, ranked: [AuctionBid], auction: Auction) -> Int64
}

extension SealedAuctionProvider {
    public var isSealed: Bool { true }
    public var extendsOnLateBids: Bool { false }

    /// Any positive amount stands; the reserve is checked at close.
    public func validate(amount: Int64, bidderID: Int64, auction: Auction, ranked: [AuctionBid]) throws(AuctionError) {
        guard amount >= 1 else { throw .bidTooLow(auctionID: auction.id, minimumAmount: 1) }
    }

    public func bidsReleased(by newBid: AuctionBid, othersRanked: [AuctionBid]) -> [AuctionBid] { [] }

    public func resolve(auction: Auction, ranked: [AuctionBid]) -> AuctionResolution? {
        guard let high = ranked.first, high.amount >= auction.reservePrice else { return nil }
        return AuctionResolution(winningBid: high, price: price(paidBy: high, ranked: ranked, auction: auction))
    }
}
