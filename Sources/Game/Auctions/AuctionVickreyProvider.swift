/// The Vickrey (sealed second-price) auction: sealed like blind, but the winner pays the second-highest bid (or the
/// reserve when that is higher, or when there is no second bid); the rest of the winner's escrow is released.
///
/// Added as this one file plus one `registerAuctionType` line, proving the provider extension point. Immutable.
public struct AuctionVickreyProvider: AuctionProvider {
    public init() {}

    public var auctionType: String { "vickrey" }
    public var isSealed: Bool { true }
    public var extendsOnLateBids: Bool { false }

    public func validate(amount: Int64, bidderID: Int64, auction: Auction, ranked: [AuctionBid]) throws(AuctionError) {
        try validateSealed(amount: amount, auction: auction)
    }

    public func bidsReleased(by newBid: AuctionBid, othersRanked: [AuctionBid]) -> [AuctionBid] { [] }

    public func resolve(auction: Auction, ranked: [AuctionBid]) -> AuctionResolution? {
        guard let high = ranked.first, high.amount >= auction.reservePrice else { return nil }
        let second = ranked.dropFirst().first?.amount ?? 0
        return AuctionResolution(winningBid: high, price: max(auction.reservePrice, second, 1))
    }
}
