import Game

/// The knobs of the auction service: the game rules plus scheduling (daily check, settlement retries).
///
/// A plain value fixed at start-up; the node fills it from its options.
public struct AuctionServiceConfiguration: Sendable, Equatable {
    public var rules = AuctionRules()
    /// The marketplace's rules, of which settlement uses the fee: an owner's auction pays it, as a listing does.
    /// The node sets the same value as its `MarketService`.
    public var market = MarketConfiguration()
    /// Attempts of a settlement job; the last failing attempt marks the auction failed and releases all escrow.
    public var settlementMaxAttempts = 5
    /// The provider of auctions created by `checkAndQueueAuctions`.
    public var scheduledAuctionType = "blind"
    /// How long auctions created by `checkAndQueueAuctions` take bids.
    public var scheduledDurationMilliseconds: Int64 = 3_600_000
    public var scheduledReservePrice: Int64 = 0
    /// Most auctions one `checkAndQueueAuctions` run creates (the rest wait for the next run).
    public var maxAuctionsPerCheck = 2_000

    public init() {}
}
