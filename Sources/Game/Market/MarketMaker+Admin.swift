import Store

/// The market maker as the operators' console shows it: the treasury's gold, the maker's gold, and per resource its
/// stock, the per-player daily cap and today's volume with players.
///
/// A value read from one snapshot; quantities in whole units.
public struct MarketMakerOverview: Sendable, Equatable {
    /// One resource's line.
    public struct ResourceLine: Sendable, Equatable {
        public var resource: MarketResource
        /// The maker's available units.
        public var stock: Int64
        /// Units one player may buy from (and, separately, sell to) the maker per UTC day.
        public var dailyCap: Int64
        /// Units the maker sold to players today (UTC).
        public var soldToday: Int64
        /// Units the maker bought from players today (UTC).
        public var boughtToday: Int64
    }

    /// The treasury's gold: what pays for top-ups.
    public var treasuryGold: Int64
    /// The maker's available gold.
    public var gold: Int64
    public var resources: [ResourceLine]
}

/// The operators' market-maker actions: the overview and the top-up from the treasury, through the ledger.
extension MarketMaker {
    /// The ledger reason of a top-up's transfers.
    public static let topUpReason = TransferReason(rawValue: "market_maker_top_up")
    /// Largest quantity one top-up accepts (far above any real need, far below overflow at any price).
    public static let maxTopUpQuantity: Int64 = 1_000_000_000

    /// The overview at `now` (today is the UTC day of `now`).
    /// - Throws: `AdminError.marketMakerMissing`, `MarketError`/`GameError` from the reads.
    public static func overview(configuration: MarketMakerConfiguration, now: Int64,
                                in database: any SQLExecutor) throws -> MarketMakerOverview {
        guard let makerID = try playerID(in: database) else { throw AdminError.marketMakerMissing }
        let holdings = try Ledger.holdings(playerID: makerID, in: database)
        let treasury = try Ledger.systemAccount(.treasury, .gold, in: database)
        let volumes = try database.query(
            "SELECT resource, side, sum(quantity) AS quantity FROM market_maker_volume WHERE day = ? GROUP BY resource, side",
            [day(of: now)])
        var traded: [String: Int64] = [:]
        for row in volumes {
            let resource = try row.string("resource")
            let side = try row.string("side")
            traded[resource + ":" + side] = try row.int64("quantity")
        }
        let lines = MarketResource.allCases.sorted().map { resource in
            MarketMakerOverview.ResourceLine(
                resource: resource, stock: holdings.available[resource.asset] ?? 0,
                dailyCap: configuration.dailyCapPerPlayer,
                // The volume table records the player's side: players buying is the maker selling.
                soldToday: traded["\(resource.rawValue):buy"] ?? 0, boughtToday: traded["\(resource.rawValue):sell"] ?? 0)
        }
        return MarketMakerOverview(treasuryGold: treasury.balance, gold: holdings.available[.gold] ?? 0, resources: lines)
    }

    /// Tops the maker up with `quantity` of `asset`, paid by the treasury: gold moves from the treasury's gold to the
    /// maker; a resource is issued by the mint to the maker while the treasury pays `quantity × buyPrice` gold to the
    /// mint (the price the maker itself pays players). Every movement is a ledger transfer (reference `market_maker`).
    /// - Throws: `AdminError.treasuryShort` when the treasury cannot pay, `.marketMakerMissing`, `.quantityTooLarge`,
    ///   ledger errors.
    public static func topUp(_ asset: Asset, quantity: Int64, configuration: MarketMakerConfiguration, now: Int64,
                             in transaction: Transaction) throws {
        guard let makerID = try playerID(in: transaction) else { throw AdminError.marketMakerMissing }
        let treasury = try Ledger.systemAccount(.treasury, .gold, in: transaction)
        let maker = try Ledger.playerAccount(playerID: makerID, .available, asset, in: transaction)
        let price: Int64
        if asset == .gold {
            price = quantity
        } else {
            let quote = MarketResource.allCases.first { $0.asset == asset }.flatMap { configuration.quotes[$0] }
            let (cost, overflow) = quantity.multipliedReportingOverflow(by: max(1, quote?.buyPrice ?? 1))
            guard !overflow else { throw AdminError.quantityTooLarge(quantity: quantity) }
            price = cost
        }
        guard treasury.balance >= price else {
            throw AdminError.treasuryShort(asset: Asset.gold.rawValue, available: treasury.balance, requested: price)
        }
        if asset == .gold {
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: treasury.id, toAccountID: maker.id,
                                                amount: quantity, reason: topUpReason, reference: "market_maker"),
                                now: now, in: transaction)
            return
        }
        let mintGold = try Ledger.systemAccount(.mint, .gold, in: transaction)
        let mintAsset = try Ledger.systemAccount(.mint, asset, in: transaction)
        try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: treasury.id, toAccountID: mintGold.id,
                                            amount: price, reason: topUpReason, reference: "market_maker"),
                            now: now, in: transaction)
        try Ledger.transfer(TransferRequest(asset: asset, fromAccountID: mintAsset.id, toAccountID: maker.id,
                                            amount: quantity, reason: topUpReason, reference: "market_maker"),
                            now: now, in: transaction)
    }
}
