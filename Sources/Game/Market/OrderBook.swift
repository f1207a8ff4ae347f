import Store

/// The continuous limit-order book of wheat, oil and ore priced in gold, kept in `market_orders`.
///
/// Matching happens at insertion, inside the placing writer command: the incoming order takes the best-priced resting
/// orders on the other side, oldest first at each price (price-time priority); every trade is at the resting order's
/// price; partial fills leave the rest resting (or cancelled for immediate-or-cancel). The market maker's quote acts as
/// the last resting order at its price. An order escrows everything it could need at placement (limit x quantity gold
/// for a buy, the units for a sell), so a fill only moves escrow. Self-trade prevention cancels the resting order of
/// the same player. Changes run on the writer thread inside one `Transaction`; a throw rolls the command back whole.
public enum OrderBook {
    /// Places `request`, matches it, and rests or closes what is left.
    /// - Throws: `.invalidPrice`, `.invalidQuantity`, `.game(.insufficientFunds)` when the player lacks the gold or the
    ///   units to escrow, `.game(.playerNotFound)`, `.game(.store)`.
    public static func place(_ request: OrderRequest, configuration: MarketConfiguration, now: Int64,
                             in transaction: Transaction) throws(MarketError) -> OrderPlacement {
        guard (1...configuration.maxPrice).contains(request.price) else {
            throw .invalidPrice(price: request.price, maximum: configuration.maxPrice)
        }
        guard (1...configuration.maxQuantity).contains(request.quantity) else {
            throw .invalidQuantity(quantity: request.quantity, maximum: configuration.maxQuantity)
        }
        let (_, overflow) = request.price.multipliedReportingOverflow(by: request.quantity)
        if overflow { throw .invalidQuantity(quantity: request.quantity, maximum: Int64.max / request.price) }
        let escrow = MarketOrder.escrow(side: request.side, price: request.price, remaining: request.quantity)
        try marketSQL { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO market_orders (player_id, resource, side, price, quantity, remaining, escrow,
                    is_immediate_or_cancel, status, created_at, updated_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """,
                [request.playerID, request.resource.rawValue, request.side.rawValue, request.price, request.quantity,
                 request.quantity, escrow, request.isImmediateOrCancel, now, now,
                 now + configuration.orderLifetimeMilliseconds])
        }
        let orderID = transaction.lastInsertRowID
        let asset = request.side == .buy ? Asset.gold : request.resource.asset
        // Moved with the fills' legs (see `OrderMatcher`).
        let escrowLeg = LedgerLeg(escrow, asset, from: .player(request.playerID, .available),
                                  to: .player(request.playerID, .escrow), reason: .marketEscrow,
                                  reference: "order:\(orderID)")
        // The row as inserted, without reading it back.
        let taker = MarketOrder(id: orderID, playerID: request.playerID, resource: request.resource, side: request.side,
                                price: request.price, quantity: request.quantity, remaining: request.quantity,
                                escrow: escrow, isImmediateOrCancel: request.isImmediateOrCancel, status: .open,
                                createdAt: now, updatedAt: now, expiresAt: now + configuration.orderLifetimeMilliseconds)
        var matcher = try OrderMatcher(taker: taker, escrow: escrowLeg, configuration: configuration, now: now,
                                       transaction: transaction)
        try matcher.run()
        return try matcher.finish()
    }

    /// The order with `id`.
    /// - Throws: `.orderNotFound`.
    public static func order(id: Int64, in database: any SQLExecutor) throws(MarketError) -> MarketOrder {
        let row = try marketSQL { () throws(StoreError) in
            try database.queryOne("SELECT \(MarketOrder.columns) FROM market_orders WHERE id = ?", [id])
        }
        guard let row else { throw .orderNotFound(orderID: id) }
        return try MarketOrder(row: row)
    }

    /// The best resting order on `side` of `resource` whose price crosses `limit` (at or below it for asks, at or
    /// above it for bids), oldest first at the best price; nil when nothing crosses.
    static func bestResting(_ resource: MarketResource, side: OrderSide, crossing limit: Int64,
                            in database: any SQLExecutor) throws(MarketError) -> MarketOrder? {
        let sql = side == .sell
            ? """
              SELECT \(MarketOrder.columns) FROM market_orders
              WHERE resource = ? AND side = 'sell' AND status = 'open' AND price <= ? ORDER BY price, id LIMIT 1
              """
            : """
              SELECT \(MarketOrder.columns) FROM market_orders
              WHERE resource = ? AND side = 'buy' AND status = 'open' AND price >= ? ORDER BY price DESC, id LIMIT 1
              """
        let row = try marketSQL { () throws(StoreError) in try database.queryOne(sql, [resource.rawValue, limit]) }
        return try row.map { row throws(MarketError) in try MarketOrder(row: row) }
    }

    /// Writes an order's matching state (remaining, escrow, status) back. Only ever called for an order that was
    /// open: one still open keeps its status, so its row is written without `status`, and SQLite leaves the four
    /// partial indexes whose condition names `status` alone (with `status` in the SET list it deletes and re-inserts
    /// the order's entry in each of them, even when the value does not change).
    static func save(_ order: MarketOrder, now: Int64, in transaction: Transaction) throws(MarketError) {
        try marketSQL { () throws(StoreError) in
            if order.status == .open {
                try transaction.run(
                    "UPDATE market_orders SET remaining = ?, escrow = ?, updated_at = ? WHERE id = ?",
                    [order.remaining, order.escrow, now, order.id])
            } else {
                try transaction.run(
                    "UPDATE market_orders SET remaining = ?, escrow = ?, status = ?, updated_at = ? WHERE id = ?",
                    [order.remaining, order.escrow, order.status.rawValue, now, order.id])
            }
        }
    }

    /// Moves `amount` of `asset` between two of the ledger's accounts (skipping zero amounts).
    static func move(_ amount: Int64, _ asset: Asset, from: LedgerAccountKey, to: LedgerAccountKey,
                     reason: TransferReason, reference: String, now: Int64,
                     in transaction: Transaction) throws(MarketError) {
        guard amount > 0 else { return }
        _ = try ledgerCall { () throws(GameError) in
            try Ledger.move(amount, asset, from: from, to: to, reason: reason, reference: reference, now: now,
                            in: transaction)
        }
    }

    /// Moves every leg with a positive amount (skipping the others, as `move` does) with `Ledger.moveAll`.
    static func moveAll(_ legs: [LedgerLeg], now: Int64, in transaction: Transaction) throws(MarketError) {
        let legs = legs.filter { $0.amount > 0 }
        guard !legs.isEmpty else { return }
        try ledgerCall { () throws(GameError) in try Ledger.moveAll(legs, now: now, in: transaction) }
    }

    /// `playerID`'s account of `kind` for `asset`.
    static func account(_ playerID: Int64, _ kind: AccountKind, _ asset: Asset,
                        in transaction: Transaction) throws(MarketError) -> LedgerAccount {
        try ledgerCall { () throws(GameError) in try Ledger.playerAccount(playerID: playerID, kind, asset, in: transaction) }
    }
}
