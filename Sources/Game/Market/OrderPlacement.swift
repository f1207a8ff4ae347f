/// The outcome of placing an order: its final state, the trades it made, the orders it took off the book, the events
/// to publish once committed, and how the book's open orders changed (for the depth metrics).
///
/// A value returned from the writer command to its completion.
public struct OrderPlacement: Sendable, Equatable {
    /// The incoming order after matching: `filled`, `open` (resting with `remaining`), or `cancelled` (IOC rest).
    public var order: MarketOrder
    /// Executions in the order they happened (best price first, then oldest resting order first).
    public var trades: [MarketTrade]
    /// Resting orders of the same player cancelled by self-trade prevention.
    public var selfTradeCancellations: [Int64]
    public var events: [DomainEvent]
    public var bookDelta: BookDelta
}

/// How open orders on the books changed: per resource and side, the change in open order count and open units.
///
/// A value; the Engine applies it to the depth gauges after commit.
public struct BookDelta: Sendable, Equatable {
    /// The change of one resource and side: open orders and open units (negative when they left the book).
    public struct Change: Sendable, Equatable {
        public var orders: Int64 = 0
        public var units: Int64 = 0
    }

    public var changes: [String: Change] = [:]

    public init() {}

    /// The metric key `resource/side`.
    public static func key(_ resource: MarketResource, _ side: OrderSide) -> String { "\(resource.rawValue)/\(side.rawValue)" }

    mutating func add(_ resource: MarketResource, _ side: OrderSide, orders: Int64, units: Int64) {
        changes[Self.key(resource, side), default: Change()].orders += orders
        changes[Self.key(resource, side), default: Change()].units += units
    }

    /// Adds `other`'s changes to these.
    public mutating func merge(_ other: BookDelta) {
        for (key, change) in other.changes {
            changes[key, default: Change()].orders += change.orders
            changes[key, default: Change()].units += change.units
        }
    }
}

/// The outcome of cancelling or expiring orders: the closed orders, their events and the book change.
public struct OrderClosure: Sendable, Equatable {
    public var orders: [MarketOrder]
    public var events: [DomainEvent]
    public var bookDelta: BookDelta
}
