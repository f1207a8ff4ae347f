/// The blind (sealed first-price) auction: one standing bid per player, replaced by that player's next bid; nobody
/// sees amounts or the current high before settlement; the highest bid wins and pays its amount, ties go to the
/// earliest bid; below the reserve nobody wins.
///
/// An immutable value; see `AuctionProvider` for threading and `SealedAuctionProvider` for the sealed rules.
public struct AuctionBlindProvider: SealedAuctionProvider {
    public init() {}

    public var auctionType: String { "blind" }

    public func price(paidBy winner: AuctionBid, ranked: [AuctionBid], auction: Auction) -> Int64 {
        winner.amount
    }
}
