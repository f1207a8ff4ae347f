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
    /// - Parameter accounts: the command's ledger accounts, which every move of the placement goes through (pass
    ///   them on to the event publication); a new set for this placement when nil.
    /// - Throws: `.invalidPrice`, `.invalidQuantity`, `.game(.insufficientFunds)` when the player lacks the gold or the
    ///   units to escrow, `.game(.playerNotFound)`, `.game(.store)`.
    public static func place(_ request: OrderRequest, configuration: MarketConfiguration, now: Int64,
                             accounts: LedgerAccounts? = nil,
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
        let accounts = accounts ?? LedgerAccounts(in: transaction)
        try checkFunds(escrow, for: request, accounts: accounts)
        // Not inserted yet: `OrderMatcher` writes the row once, as matching leaves it (see there).
        let taker = MarketOrder(id: 0, playerID: request.playerID, resource: request.resource, side: request.side,
                                price: request.price, quantity: request.quantity, remaining: request.quantity,
                                escrow: escrow, isImmediateOrCancel: request.isImmediateOrCancel, status: .open,
                                createdAt: now, updatedAt: now, expiresAt: now + configuration.orderLifetimeMilliseconds)
        var matcher = try OrderMatcher(taker: taker, configuration: configuration, now: now,
                                       accounts: accounts, transaction: transaction)
        try matcher.run()
        return try matcher.finish()
    }

    /// Refuses an order whose player cannot escrow it, before the placement writes anything (so its command keeps
    /// `WriterCommandPromise.failsOnlyBeforeFirstWrite`): the taker's escrow leg is the first move of its available
    /// account in the command, and this is the error that leg's `Ledger.move` gives. A player without the account
    /// passes here and is refused by the move, as before.
    private static func checkFunds(_ escrow: Int64, for request: OrderRequest,
                                   accounts: LedgerAccounts) throws(MarketError) {
        let asset = request.side == .buy ? Asset.gold : request.resource.asset
        guard let available = try ledgerCall({ () throws(GameError) in
            try accounts.playerAccount(request.playerID, .available, asset)
        }), available.balance < escrow else { return }
        throw .game(.insufficientFunds(accountID: available.id, asset: asset, available: available.balance,
                                       requested: escrow))
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
    /// above it for bids), oldest first at the best price; nil when nothing crosses. Read by column position, and
    /// without the resource, side and status the query fixes (every order placed reads the book at least once; the
    /// named `Row` and its strings were about a third of a found order's read).
    static func bestResting(_ resource: MarketResource, side: OrderSide, crossing limit: Int64,
                            in database: any SQLExecutor) throws(MarketError) -> MarketOrder? {
        var found: MarketOrder?
        try marketSQL { () throws(StoreError) in
            try database.forEachRow(side == .sell ? bestAskSQL : bestBidSQL, [resource.rawValue, limit]) {
                row throws(StoreError) in
                found = MarketOrder(id: try row.int64(0), playerID: try row.int64(1), resource: resource, side: side,
                                    price: try row.int64(2), quantity: try row.int64(3), remaining: try row.int64(4),
                                    escrow: try row.int64(5), isImmediateOrCancel: try row.bool(6), status: .open,
                                    createdAt: try row.int64(7), updatedAt: try row.int64(8),
                                    expiresAt: try row.int64(9))
            }
        }
        return found
    }

    /// The columns `bestResting` reads, in its order.
    private static let restingColumns = """
        id, player_id, price, quantity, remaining, escrow, is_immediate_or_cancel, created_at, updated_at, expires_at
        """
    private static let bestAskSQL = """
        SELECT \(restingColumns) FROM market_orders
        WHERE resource = ? AND side = 'sell' AND status = 'open' AND price <= ? ORDER BY price, id LIMIT 1
        """
    private static let bestBidSQL = """
        SELECT \(restingColumns) FROM market_orders
        WHERE resource = ? AND side = 'buy' AND status = 'open' AND price >= ? ORDER BY price DESC, id LIMIT 1
        """

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

    /// Inserts `order` as it stands (its id is ignored) and returns its new id.
    static func insert(_ order: MarketOrder, in transaction: Transaction) throws(MarketError) -> Int64 {
        try marketSQL { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO market_orders (player_id, resource, side, price, quantity, remaining, escrow,
                    is_immediate_or_cancel, status, created_at, updated_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [order.playerID, order.resource.rawValue, order.side.rawValue, order.price, order.quantity,
                 order.remaining, order.escrow, order.isImmediateOrCancel, order.status.rawValue, order.createdAt,
                 order.updatedAt, order.expiresAt])
        }
        return transaction.lastInsertRowID
    }

    /// Moves `amount` of `asset` between two of the ledger's accounts through the command's `accounts` (skipping
    /// zero amounts).
    static func move(_ amount: Int64, _ asset: Asset, from: LedgerAccountKey, to: LedgerAccountKey,
                     reason: TransferReason, reference: String, now: Int64,
                     accounts: LedgerAccounts) throws(MarketError) {
        guard amount > 0 else { return }
        _ = try ledgerCall { () throws(GameError) in
            try accounts.move(amount, asset, from: from, to: to, reason: reason, reference: reference, now: now)
        }
    }

    /// Moves every leg with a positive amount (skipping the others, as `move` does) through the command's `accounts`.
    static func moveAll(_ legs: [LedgerLeg], now: Int64, accounts: LedgerAccounts) throws(MarketError) {
        let legs = legs.filter { $0.amount > 0 }
        guard !legs.isEmpty else { return }
        try ledgerCall { () throws(GameError) in try accounts.moveAll(legs, now: now) }
    }

    /// `playerID`'s account of `kind` for `asset`.
    static func account(_ playerID: Int64, _ kind: AccountKind, _ asset: Asset,
                        in transaction: Transaction) throws(MarketError) -> LedgerAccount {
        try ledgerCall { () throws(GameError) in try Ledger.playerAccount(playerID: playerID, kind, asset, in: transaction) }
    }
}
