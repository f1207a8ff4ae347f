/// One kind of auction: validates bids, decides what others may see, and resolves winner and price at close.
///
/// Providers are immutable values registered once at start-up (`AuctionProviders.registerAuctionType`) and called
/// on the writer thread (bids, settlement) and event loops (visibility). The escrow mechanics are shared: every
/// player has at most one standing bid per auction, escrowed in full; a provider only says which bids stand.
public protocol AuctionProvider: Sendable {
    /// The stored and JSON name (`open`, `blind`...): lower-case letters, digits and `-`.
    var auctionType: String { get }
    /// Whether amounts (and the current high) stay secret until settlement. A sealed provider validates an amount
    /// without looking at the other bids and releases none (`placeBid` gives it an empty `ranked` and reads only the
    /// bidder's own standing bid).
    var isSealed: Bool { get }
    /// Whether a bid in the last moments extends the end (anti-sniping).
    var extendsOnLateBids: Bool { get }

    /// Refuses `amount` from `bidderID` given the standing bids (`ranked`, highest first).
    /// - Throws: `AuctionError.bidTooLow`.
    func validate(amount: Int64, bidderID: Int64, auction: Auction, ranked: [AuctionBid]) throws(AuctionError)

    /// The other players' standing bids that `newBid` releases (an open auction's previous high); they become `outbid`.
    func bidsReleased(by newBid: AuctionBid, othersRanked: [AuctionBid]) -> [AuctionBid]

    /// The winning bid and the price at close, or nil when nobody wins (no bids, reserve not met).
    func resolve(auction: Auction, ranked: [AuctionBid]) -> AuctionResolution?
}

/// What a provider decided at close: which bid won and what the winner pays (at most the bid's amount).
public struct AuctionResolution: Sendable, Equatable {
    public var winningBid: AuctionBid
    public var price: Int64

}

/// What a viewer who is not the bidder may see of an auction's bids.
public struct AuctionPublicView: Sendable, Equatable {
    /// The current high amount and bidder; nil while sealed (or without bids).
    public var highBid: AuctionBid?
    /// How many players have a standing bid (or had one, once closed).
    public var bidderCount: Int
    /// The bids anyone may see (all of them for open auctions; none of a sealed auction before settlement).
    public var bids: [AuctionBid]

    public init(highBid: AuctionBid?, bidderCount: Int, bids: [AuctionBid]) {
        self.highBid = highBid
        self.bidderCount = bidderCount
        self.bids = bids
    }
}

extension AuctionProvider {
    /// The view for players other than the bidder: sealed auctions show nothing about amounts until they close.
    /// - Parameter bids: every bid of the auction, in any order.
    public func publicView(of auction: Auction, bids: [AuctionBid]) -> AuctionPublicView {
        let standing = AuctionBid.ranked(bids.filter { $0.status == .standing || $0.status == .won })
        let bidders = Set(bids.filter { $0.status != .replaced }.map(\.playerID)).count
        if isSealed && auction.status.isActive {
            return AuctionPublicView(highBid: nil, bidderCount: Set(standing.map(\.playerID)).count, bids: [])
        }
        let chronological = bids.sorted { ($0.placedAt, $0.id) < ($1.placedAt, $1.id) }
        return AuctionPublicView(highBid: standing.first, bidderCount: bidders, bids: chronological)
    }
}
