/// The marketplace's rules as numbers: the fee, input bounds, lifetimes, and the market maker's quotes and cap.
///
/// A plain value built at start-up (the node's configuration) and copied into every writer command that needs it.
public struct MarketConfiguration: Sendable, Equatable {
    /// Fee on every sale, in basis points of the gold paid (100 = 1%), rounded down; paid by the seller to `fees`.
    public var feeBasisPoints: Int64 = 100
    /// Largest accepted price (gold per unit, or per square) and quantity: keeps price x quantity inside Int64.
    public var maxPrice: Int64 = 1_000_000_000
    public var maxQuantity: Int64 = 1_000_000_000
    /// Open orders expire (the `matchOrders` job releases their escrow) this long after placement.
    public var orderLifetimeMilliseconds: Int64 = 7 * 86_400_000
    /// Active listings expire this long after creation (or after their decline, when that is longer).
    public var listingLifetimeMilliseconds: Int64 = 7 * 86_400_000
    /// Longest decline of a declining-price listing.
    public var maxDeclineSeconds: Int64 = 30 * 86_400
    /// Orders and listings expired per `matchOrders` run at most (the next run takes the rest).
    public var expiryBatchLimit: Int = 500
    /// The system market maker.
    public var marketMaker = MarketMakerConfiguration()

    public init() {}

    /// The fee on `gold` paid: floor(gold * feeBasisPoints / 10000), computed without overflow.
    public func fee(on gold: Int64) -> Int64 {
        gold / 10_000 * feeBasisPoints + (gold % 10_000) * feeBasisPoints / 10_000
    }
}

/// The market maker's standing prices for one resource: it buys at `buyPrice` and sells at `sellPrice` (gold per unit).
public struct StableQuote: Sendable, Equatable {
    public var buyPrice: Int64
    public var sellPrice: Int64

    public init(buyPrice: Int64, sellPrice: Int64) {
        self.buyPrice = buyPrice
        self.sellPrice = sellPrice
    }
}

/// How the system market maker trades: its quotes, the daily cap per player, and its one-time funding from the mint.
///
/// Its quotes take part in matching as the last resting order at their price (book orders at the same price go
/// first), so a player can always buy or sell a little; it never trades beyond its own balances.
public struct MarketMakerConfiguration: Sendable, Equatable {
    public var isEnabled = true
    /// Per resource; `buyPrice` must be below `sellPrice`.
    public var quotes: [MarketResource: StableQuote] = [
        .wheat: StableQuote(buyPrice: 8, sellPrice: 12),
        .oil: StableQuote(buyPrice: 20, sellPrice: 30),
        .ore: StableQuote(buyPrice: 15, sellPrice: 22),
    ]
    /// Units one player may buy from (and, separately, sell to) the market maker per resource per UTC day.
    public var dailyCapPerPlayer: Int64 = 100
    /// Issued from the mint once, when the market maker is created (reason `market_maker_funding`).
    public var fundingGold: Int64 = 1_000_000
    public var fundingUnitsPerResource: Int64 = 50_000

    public init() {}
}
