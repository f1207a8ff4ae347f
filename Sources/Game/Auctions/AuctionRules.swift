/// The tunable rules of auctions: fees, anti-sniping, re-auction intervals and limits.
///
/// A plain value fixed at start-up (the node fills it from configuration) and read on the writer thread.
public struct AuctionRules: Sendable, Equatable {
    /// Share of each sale price of unowned land paid to the fee account, in basis points (500 = 5 %), rounded down.
    /// (An owner's auction pays the marketplace fee instead, `MarketConfiguration.fee(on:)`.)
    public var feeBasisPoints: Int64 = 500
    /// A bid on an extending auction (open) less than this before the end pushes the end back by this much.
    public var antiSnipingWindowMilliseconds: Int64 = 60_000
    /// Extensions stop at the original end plus this.
    public var antiSnipingCapMilliseconds: Int64 = 600_000
    /// After an auction of unowned land without winner (or a failed one), the squares' next auction comes this long
    /// after. Owned land gets no next auction: only its owner puts it up.
    public var unsoldRetryMilliseconds: Int64 = 86_400_000
    /// Default minimum increment of open auctions.
    public var defaultMinIncrement: Int64 = 1
    /// Most squares one auction may sell.
    public var maxSquaresPerAuction = 64

    public init() {}

    /// The fee on a sale at `price`.
    public func fee(onPrice price: Int64) -> Int64 {
        let bounded = min(max(0, feeBasisPoints), 10_000)
        let (product, overflow) = price.multipliedReportingOverflow(by: bounded)
        return overflow ? price / 10_000 * bounded : product / 10_000
    }
}

extension TransferReason {
    /// A bid's amount (or its raise) moved from available to escrow.
    public static let auctionBid = TransferReason(rawValue: "auction_bid")
    /// Escrow returned to available: outbid, lost, replaced by a lower bid, failed auction, or a Vickrey remainder.
    public static let auctionRelease = TransferReason(rawValue: "auction_release")
    /// The winner's escrow paid to the seller (or the treasury for unowned land).
    public static let auctionPayment = TransferReason(rawValue: "auction_payment")
    /// The fee share of a sale, from the winner's escrow to the fee account (the auction fee on unowned land, the
    /// marketplace fee on an owner's sale).
    public static let auctionFee = TransferReason(rawValue: "auction_fee")
}
