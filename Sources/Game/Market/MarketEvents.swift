import Foundation

/// The domain events of the marketplace, built by its rules and published by the Engine after commit.
///
/// Topics: `market:{resource}` for the public book and trades (no player ids), `market:land` and `square:{id}` for
/// listings, `player:{id}` for a player's own orders and for the seller and buyer of a listing. Pure functions.
public enum MarketEvents {
    public static let tradeExecutedType = "trade_executed"
    public static let orderOpenedType = "order_opened"
    public static let orderClosedType = "order_closed"
    public static let orderUpdatedType = "order_updated"
    public static let listingCreatedType = "listing_created"
    public static let listingClosedType = "listing_closed"
    /// `player:{seller}`: their listing was bought.
    public static let listingSoldType = "listing_sold"
    /// `player:{buyer}`: they bought a listing.
    public static let listingBoughtType = "listing_bought"
    /// The topic of every listing event.
    public static let landTopic = "market:land"

    /// `trade_executed` data (public: no player ids).
    struct TradeData: Encodable {
        var tradeId: Int64, resource: String, price: Int64, quantity: Int64, takerSide: String, createdAtMs: Int64
    }

    /// `order_opened` / `order_closed` data (public: no player ids).
    struct BookOrderData: Encodable {
        var orderId: Int64, resource: String, side: String, price: Int64, remaining: Int64, status: String
    }

    /// `order_updated` data, for the order's owner only.
    struct OwnOrderData: Encodable {
        var orderId: Int64, resource: String, side: String, price: Int64, quantity: Int64, remaining: Int64
        var escrow: Int64, status: String
    }

    /// `listing_created` / `listing_closed` data (listings are public, sellers included).
    struct ListingData: Encodable {
        var listingId: Int64, squareId: Int64, sellerId: Int64, status: String, startPrice: Int64, floorPrice: Int64
        var buyerId: Int64?, soldPrice: Int64?
    }

    static func tradeExecuted(_ trade: MarketTrade) -> DomainEvent {
        DomainEvent(topic: trade.resource.topic, type: tradeExecutedType, dataJSON: tradeJSON(trade))
    }

    static func orderOpened(_ order: MarketOrder) -> DomainEvent {
        DomainEvent(topic: order.resource.topic, type: orderOpenedType, dataJSON: bookJSON(order))
    }

    static func orderClosed(_ order: MarketOrder) -> DomainEvent {
        DomainEvent(topic: order.resource.topic, type: orderClosedType, dataJSON: bookJSON(order))
    }

    static func orderUpdated(_ order: MarketOrder) -> DomainEvent {
        DomainEvent(topic: "player:\(order.playerID)", type: orderUpdatedType, dataJSON: ownOrderJSON(order))
    }

    /// `TradeData`'s JSON, written directly (every trade publishes it; keys in sorted order).
    static func tradeJSON(_ trade: MarketTrade) -> [UInt8] {
        var object = EventJSON()
        object.add("createdAtMs", trade.createdAt)
        object.add("price", trade.price)
        object.add("quantity", trade.quantity)
        object.add("resource", trade.resource.rawValue)
        object.add("takerSide", trade.takerSide.rawValue)
        object.add("tradeId", trade.id)
        return object.finished()
    }

    /// `BookOrderData`'s JSON, written directly (keys in sorted order).
    static func bookJSON(_ order: MarketOrder) -> [UInt8] {
        var object = EventJSON()
        object.add("orderId", order.id)
        object.add("price", order.price)
        object.add("remaining", order.remaining)
        object.add("resource", order.resource.rawValue)
        object.add("side", order.side.rawValue)
        object.add("status", order.status.rawValue)
        return object.finished()
    }

    /// `OwnOrderData`'s JSON, written directly (keys in sorted order).
    static func ownOrderJSON(_ order: MarketOrder) -> [UInt8] {
        var object = EventJSON()
        object.add("escrow", order.escrow)
        object.add("orderId", order.id)
        object.add("price", order.price)
        object.add("quantity", order.quantity)
        object.add("remaining", order.remaining)
        object.add("resource", order.resource.rawValue)
        object.add("side", order.side.rawValue)
        object.add("status", order.status.rawValue)
        return object.finished()
    }

    static func listingEvents(_ listing: Listing, type: String) -> [DomainEvent] {
        let data = ListingData(listingId: listing.id, squareId: listing.squareID, sellerId: listing.sellerID,
                               status: listing.status.rawValue, startPrice: listing.startPrice,
                               floorPrice: listing.floorPrice, buyerId: listing.buyerID, soldPrice: listing.soldPrice)
        return [event(landTopic, type, data), event("square:\(listing.squareID)", type, data)]
    }

    /// The `player:{id}` events of a listing's end: `listing_sold` to the seller and `listing_bought` to the buyer, or
    /// `listing_closed` (cancelled, expired) to the seller. `fee` is what the seller paid on a sale.
    static func listingPlayerEvents(_ listing: Listing, fee: Int64 = 0) -> [DomainEvent] {
        let data = ListingData(listingId: listing.id, squareId: listing.squareID, sellerId: listing.sellerID,
                               status: listing.status.rawValue, startPrice: listing.startPrice,
                               floorPrice: listing.floorPrice, buyerId: listing.buyerID, soldPrice: listing.soldPrice)
        guard let buyerID = listing.buyerID, let price = listing.soldPrice else {
            return [event("player:\(listing.sellerID)", listingClosedType, data)]
        }
        return [
            event("player:\(listing.sellerID)", listingSoldType,
                  SellerSale(listingId: listing.id, squareId: listing.squareID, buyerId: buyerID, price: price, fee: fee,
                             proceeds: price - fee)),
            event("player:\(buyerID)", listingBoughtType, data),
        ]
    }

    /// `listing_sold` data, for the seller only.
    struct SellerSale: Encodable {
        var listingId: Int64, squareId: Int64, buyerId: Int64, price: Int64, fee: Int64, proceeds: Int64
    }

    /// Encodes `data`; these plain structs always encode, and an impossible failure degrades to an empty object.
    private static func event(_ topic: String, _ type: String, _ data: some Encodable) -> DomainEvent {
        (try? DomainEvent(topic: topic, type: type, data: data))
            ?? DomainEvent(topic: topic, type: type, dataJSON: Array("{}".utf8))
    }
}
