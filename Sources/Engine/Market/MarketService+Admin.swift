import Game
import Store

/// The operators' market actions on the market's own service: the market maker's overview and its top-up from the
/// treasury, and the cancellation of a suspended player's open orders.
extension MarketService {
    /// Most open orders one suspension cancels in its command (far above the per-player order limit in practice).
    static let suspensionOrderLimit = 10_000

    /// Tops the market maker up with `quantity` of `asset` paid by the treasury through the ledger
    /// (`MarketMaker.topUp`), recording `market_maker.top_up` in the same command; completes with the overview after it.
    /// - Throws (in the completion): `AdminError.treasuryShort`, `.marketMakerMissing`, `.quantityTooLarge`, writer
    ///   errors.
    public func topUpMarketMaker(_ asset: Asset, quantity: Int64, by actor: AdminActor,
                                 completion: @escaping @Sendable (Result<MarketMakerOverview, any Error>) -> Void) {
        let makerConfiguration = self.configuration.marketMaker
        let now = clock.now.rawValue
        writer.submit({ transaction in
            try MarketMaker.topUp(asset, quantity: quantity, configuration: makerConfiguration, now: now, in: transaction)
            try AdminAudit.record(.marketMakerTopUp, target: "market_maker:\(asset.rawValue)", details: [
                "asset": .string(asset.rawValue), "quantity": .integer(quantity),
            ], by: actor, now: now, in: transaction)
            return try MarketMaker.overview(configuration: makerConfiguration, now: now, in: transaction)
        }, completion: completion)
    }

    /// The market maker's overview now, on `database` (an event loop's reader).
    public func marketMakerOverview(in database: any SQLExecutor) throws -> MarketMakerOverview {
        try MarketMaker.overview(configuration: configuration.marketMaker, now: clock.now.rawValue, in: database)
    }

    /// Cancels every open order of `playerID` inside the caller's writer command, releasing escrow and publishing
    /// the closures after commit; returns how many orders were cancelled.
    func cancelOpenOrders(playerID: Int64, in transaction: Transaction) throws -> Int {
        let now = clock.now.rawValue
        var count = 0
        for order in try OrderBook.openOrders(playerID: playerID, limit: Self.suspensionOrderLimit, in: transaction) {
            let closure = try OrderBook.cancel(orderID: order.id, playerID: playerID, now: now, in: transaction)
            try publish(closure.events, in: transaction) { metrics in metrics.apply(closure.bookDelta) }
            count += 1
        }
        return count
    }
}
