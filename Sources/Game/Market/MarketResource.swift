/// A resource traded on the order book (wheat, oil, ore), priced in gold per unit.
///
/// A plain value; the raw value is what the database, the API paths (`/book/{resource}`) and event topics use.
public enum MarketResource: String, Sendable, CaseIterable, Hashable, Comparable {
    case wheat, oil, ore

    /// The ledger asset holding this resource.
    public var asset: Asset {
        switch self {
        case .wheat: .wheat
        case .oil: .oil
        case .ore: .ore
        }
    }

    /// The event topic of this resource's book and trades.
    public var topic: String { "market:\(rawValue)" }

    /// The resource named `text`.
    /// - Throws: `MarketError.unknownResource` for anything but `wheat`, `oil`, `ore`.
    public static func named(_ text: String) throws(MarketError) -> MarketResource {
        guard let resource = MarketResource(rawValue: text) else { throw .unknownResource(name: text) }
        return resource
    }

    public static func < (lhs: MarketResource, rhs: MarketResource) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// The side of an order: a buy (bid) pays gold for the resource, a sell (ask) delivers the resource for gold.
public enum OrderSide: String, Sendable, CaseIterable, Hashable {
    case buy, sell

    public var opposite: OrderSide { self == .buy ? .sell : .buy }
}
