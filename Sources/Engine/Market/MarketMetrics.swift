import Game
import Telemetry

/// The marketplace's metrics, created once at start-up: trades and orders by resource, and the books' depth.
///
/// `worldgame_market_trades_total{resource}` (its rate is the "marketplace trades per second"),
/// `worldgame_market_orders_total{resource,side}`, `worldgame_market_listing_sales_total`, and the gauges
/// `worldgame_market_book_orders{resource,side}` / `worldgame_market_book_depth_units{resource,side}` (open orders and
/// open units). Label values come from the fixed resource and side sets. Updated from `afterCommit` actions on the
/// writer thread; every member is thread-safe.
public struct MarketMetrics: Sendable {
    let trades: CounterFamily
    let orders: CounterFamily
    let listingSales: Counter
    let bookOrders: GaugeFamily
    let bookUnits: GaugeFamily

    /// - Throws: `MetricsError` when a name is already registered.
    public init(registry: MetricsRegistry) throws(MetricsError) {
        trades = try registry.makeCounterFamily(
            "worldgame_market_trades_total", help: "Order-book trades executed, by resource.", labelNames: ["resource"])
        orders = try registry.makeCounterFamily(
            "worldgame_market_orders_total", help: "Limit orders placed, by resource and side.",
            labelNames: ["resource", "side"])
        listingSales = try registry.makeCounter(
            "worldgame_market_listing_sales_total", help: "Land listings sold.")
        bookOrders = try registry.makeGaugeFamily(
            "worldgame_market_book_orders", help: "Open orders resting on the book, by resource and side.",
            labelNames: ["resource", "side"])
        bookUnits = try registry.makeGaugeFamily(
            "worldgame_market_book_depth_units", help: "Open units resting on the book, by resource and side.",
            labelNames: ["resource", "side"])
    }

    func record(_ placement: OrderPlacement) {
        orders.labels(placement.order.resource.rawValue, placement.order.side.rawValue).increment()
        for trade in placement.trades { trades.labels(trade.resource.rawValue).increment() }
        apply(placement.bookDelta)
    }

    func apply(_ delta: BookDelta) {
        for (key, change) in delta.changes {
            let labels = key.split(separator: "/").map(String.init)
            guard labels.count == 2 else { continue }
            bookOrders.labels(labels).add(Double(change.orders))
            bookUnits.labels(labels).add(Double(change.units))
        }
    }
}
