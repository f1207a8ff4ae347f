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
        event(trade.resource.topic, tradeExecutedType,
              TradeData(tradeId: trade.id, resource: trade.resource.rawValue, price: trade.price, quantity: trade.quantity,
                        takerSide: trade.takerSide.rawValue, createdAtMs: trade.createdAt))
    }

    static func orderOpened(_ order: MarketOrder) -> DomainEvent {
        event(order.resource.topic, orderOpenedType, bookData(order))
    }

    static func orderClosed(_ order: MarketOrder) -> DomainEvent {
        event(order.resource.topic, orderClosedType, bookData(order))
    }

    static func orderUpdated(_ order: MarketOrder) -> DomainEvent {
        event("player:\(order.playerID)", orderUpdatedType,
              OwnOrderData(orderId: order.id, resource: order.resource.rawValue, side: order.side.rawValue,
                           price: order.price, quantity: order.quantity, remaining: order.remaining,
                           escrow: order.escrow, status: order.status.rawValue))
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

    private static func bookData(_ order: MarketOrder) -> BookOrderData {
        BookOrderData(orderId: order.id, resource: order.resource.rawValue, side: order.side.rawValue,
                      price: order.price, remaining: order.remaining, status: order.status.rawValue)
    }

    /// Encodes `data`; these plain structs always encode, and an impossible failure degrades to an empty object.
    private static func event(_ topic: String, _ type: String, _ data: some Encodable) -> DomainEvent {
        (try? DomainEvent(topic: topic, type: type, data: data))
            ?? DomainEvent(topic: topic, type: type, dataJSON: Array("{}".utf8))
    }
}
