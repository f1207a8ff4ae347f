import Store

extension OrderBook {
    /// Cancels `orderID` for `playerID`, releasing its remaining escrow.
    /// - Throws: `.orderNotFound`, `.notOrderOwner` (someone else's order), `.orderNotOpen`.
    /// - Parameter accounts: the command's ledger accounts, which the release goes through (pass them on to the event
    ///   publication); a new set when nil.
    public static func cancel(orderID: Int64, playerID: Int64, now: Int64, accounts: LedgerAccounts? = nil,
                              in transaction: Transaction) throws(MarketError) -> OrderClosure {
        let order = try order(id: orderID, in: transaction)
        guard order.playerID == playerID else { throw .notOrderOwner(orderID: orderID, playerID: playerID) }
        guard order.status == .open else { throw .orderNotOpen(orderID: orderID, status: order.status) }
        return try close(order, as: .cancelled, now: now, accounts: accounts ?? LedgerAccounts(in: transaction),
                         in: transaction)
    }

    /// Expires up to `limit` open orders whose lifetime ended at or before `now`, oldest deadline first.
    public static func expire(now: Int64, limit: Int, in transaction: Transaction) throws(MarketError) -> OrderClosure {
        let rows = try marketSQL { () throws(StoreError) in
            try transaction.query(
                """
                SELECT \(MarketOrder.columns) FROM market_orders
                WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?
                """, [now, limit])
        }
        var result = OrderClosure(orders: [], events: [], bookDelta: BookDelta())
        let accounts = LedgerAccounts(in: transaction)
        for row in rows {
            let closure = try close(try MarketOrder(row: row), as: .expired, now: now, accounts: accounts,
                                    in: transaction)
            result.orders += closure.orders
            result.events += closure.events
            result.bookDelta.merge(closure.bookDelta)
        }
        return result
    }

    /// Closes an open order as `status`: releases its remaining escrow to its owner and zeroes it.
    /// - Parameter isResting: whether the order was on the book (counts in the depth change); false for an
    ///   immediate-or-cancel rest that never rested.
    static func close(_ order: MarketOrder, as status: OrderStatus, now: Int64, accounts: LedgerAccounts,
                      in transaction: Transaction, isResting: Bool = true) throws(MarketError) -> OrderClosure {
        var closed = order
        let asset = order.escrowAsset
        try move(order.escrow, asset, from: .player(order.playerID, .escrow), to: .player(order.playerID, .available),
                 reason: .marketRelease, reference: "order:\(order.id)", now: now, accounts: accounts)
        closed.escrow = 0
        closed.status = status
        closed.updatedAt = now
        try save(closed, now: now, in: transaction)
        var delta = BookDelta()
        if isResting { delta.add(order.resource, order.side, orders: -1, units: -order.remaining) }
        return OrderClosure(orders: [closed], events: [MarketEvents.orderUpdated(closed), MarketEvents.orderClosed(closed)],
                            bookDelta: delta)
    }
}
