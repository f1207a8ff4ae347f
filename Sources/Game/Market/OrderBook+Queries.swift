import Store

/// One price level of the aggregated book: every open order at `price` on one side.
public struct BookLevel: Sendable, Equatable {
    public var price: Int64
    public var quantity: Int64
    public var orderCount: Int64
}

/// The aggregated depth of one resource's book: bids best (highest) first, asks best (lowest) first.
public struct BookDepth: Sendable, Equatable {
    public var resource: MarketResource
    public var bids: [BookLevel]
    public var asks: [BookLevel]
}

extension OrderBook {
    /// The depth query of each side. The side is written into the SQL (two constant statements) rather than bound:
    /// only then can SQLite see that `side = 'buy' AND status = 'open'` matches the partial index of that side
    /// (`market_orders_bids` / `market_orders_asks`) and read the levels in price order; with `side = ?` it scanned
    /// every open order and grouped them in a temporary B-tree. `ReadPathPlanTests` pins both plans.
    static let depthSQL = (
        buy: """
            SELECT price, sum(remaining) AS quantity, count(*) AS orders FROM market_orders
            WHERE resource = ? AND side = 'buy' AND status = 'open' GROUP BY price ORDER BY price DESC LIMIT ?
            """,
        sell: """
            SELECT price, sum(remaining) AS quantity, count(*) AS orders FROM market_orders
            WHERE resource = ? AND side = 'sell' AND status = 'open' GROUP BY price ORDER BY price ASC LIMIT ?
            """
    )

    /// The top `levels` price levels of each side of `resource`'s book.
    public static func depth(_ resource: MarketResource, levels: Int,
                             in database: any SQLExecutor) throws(MarketError) -> BookDepth {
        func side(_ side: OrderSide) throws(MarketError) -> [BookLevel] {
            let rows = try marketSQL { () throws(StoreError) in
                try database.query(side == .buy ? depthSQL.buy : depthSQL.sell, [resource.rawValue, levels])
            }
            return try rows.map { row throws(MarketError) in
                try marketSQL { () throws(StoreError) in
                    BookLevel(price: try row.int64("price"), quantity: try row.int64("quantity"),
                              orderCount: try row.int64("orders"))
                }
            }
        }
        return BookDepth(resource: resource, bids: try side(.buy), asks: try side(.sell))
    }

    /// `playerID`'s open orders, oldest first.
    public static func openOrders(playerID: Int64, limit: Int, in database: any SQLExecutor) throws(MarketError)
        -> [MarketOrder] {
        let rows = try marketSQL { () throws(StoreError) in
            try database.query(
                "SELECT \(MarketOrder.columns) FROM market_orders WHERE player_id = ? AND status = 'open' ORDER BY id LIMIT ?",
                [playerID, limit])
        }
        return try rows.map { row throws(MarketError) in try MarketOrder(row: row) }
    }

    /// The latest `limit` trades, newest first, of `resource` (all resources when nil).
    public static func recentTrades(_ resource: MarketResource?, limit: Int,
                                    in database: any SQLExecutor) throws(MarketError) -> [MarketTrade] {
        let rows = try marketSQL { () throws(StoreError) in
            if let resource {
                return try database.query(
                    "SELECT \(MarketTrade.columns) FROM market_trades WHERE resource = ? ORDER BY id DESC LIMIT ?",
                    [resource.rawValue, limit])
            }
            return try database.query("SELECT \(MarketTrade.columns) FROM market_trades ORDER BY id DESC LIMIT ?", [limit])
        }
        return try rows.map { row throws(MarketError) in try MarketTrade(row: row) }
    }

    /// Open orders and open units per resource and side, for the depth gauges at start-up.
    public static func openTotals(in database: any SQLExecutor) throws(MarketError) -> BookDelta {
        let rows = try marketSQL { () throws(StoreError) in
            try database.query(
                """
                SELECT resource, side, count(*) AS orders, sum(remaining) AS units FROM market_orders
                WHERE status = 'open' GROUP BY resource, side
                """)
        }
        var totals = BookDelta()
        for row in rows {
            let values = try marketSQL { () throws(StoreError) in
                (try row.string("resource"), try row.string("side"), try row.int64("orders"), try row.int64("units"))
            }
            guard let resource = MarketResource(rawValue: values.0), let side = OrderSide(rawValue: values.1) else { continue }
            totals.add(resource, side, orders: values.2, units: values.3)
        }
        return totals
    }
}
