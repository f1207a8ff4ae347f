/// The Vickrey (sealed second-price) auction: sealed like blind, but the winner pays the second-highest bid (or the
/// reserve when that is higher, or when there is no second bid); the rest of the winner's escrow is released.
///
/// Added as this one file plus one `registerAuctionType` line, proving the provider extension point. Immutable.
public struct AuctionVickreyProvider: SealedAuctionProvider {
    public init() {}

    public var auctionType: String { "vickrey" }

    public func price(paidBy winner: AuctionBid, ranked: [AuctionBid], auction: Auction) -> Int64 {
        let second = ranked.dropFirst().first?.amount ?? 0
        return max(auction.reservePrice, second, 1)
    }
}
