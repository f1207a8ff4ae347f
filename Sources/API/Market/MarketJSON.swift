import Game

/// The JSON shapes of marketplace values in API responses (camelCase keys, explicit nulls, RFC 3339 times).
///
/// Pure functions; `OpenAPISchemas+Market` documents the same shapes and the API tests compare them.
enum MarketJSON {
    static func order(_ order: MarketOrder) -> JSONValue {
        [
            "id": .integer(order.id), "resource": .string(order.resource.rawValue), "side": .string(order.side.rawValue),
            "price": .integer(order.price), "quantity": .integer(order.quantity), "remaining": .integer(order.remaining),
            "escrow": .integer(order.escrow), "immediateOrCancel": .bool(order.isImmediateOrCancel),
            "status": .string(order.status.rawValue), "createdAt": Timestamp.json(order.createdAt),
            "expiresAt": Timestamp.json(order.expiresAt),
        ]
    }

    static func trade(_ trade: MarketTrade) -> JSONValue {
        [
            "id": .integer(trade.id), "resource": .string(trade.resource.rawValue), "price": .integer(trade.price),
            "quantity": .integer(trade.quantity), "fee": .integer(trade.fee), "takerSide": .string(trade.takerSide.rawValue),
            "createdAt": Timestamp.json(trade.createdAt),
        ]
    }

    static func placement(_ placement: OrderPlacement) -> JSONValue {
        ["order": order(placement.order), "trades": .array(placement.trades.map(trade))]
    }

    static func listing(_ listing: Listing, now: Int64) -> JSONValue {
        [
            "id": .integer(listing.id), "squareId": .integer(listing.squareID), "sellerId": .integer(listing.sellerID),
            "pricing": .string(listing.isDeclining ? "declining" : "fixed"), "startPrice": .integer(listing.startPrice),
            "floorPrice": .integer(listing.floorPrice), "durationSeconds": .integer(listing.declineMilliseconds / 1000),
            "currentPrice": .integer(listing.status == .sold ? listing.soldPrice ?? listing.floorPrice : listing.price(at: now)),
            "status": .string(listing.status.rawValue), "createdAt": Timestamp.json(listing.createdAt),
            "expiresAt": Timestamp.json(listing.expiresAt), "closedAt": Timestamp.json(listing.closedAt),
            "buyerId": .optional(listing.buyerID), "soldPrice": .optional(listing.soldPrice),
        ]
    }

    static func depth(_ depth: BookDepth, quote: StableQuote?) -> JSONValue {
        func levels(_ levels: [BookLevel]) -> JSONValue {
            .array(levels.map { ["price": .integer($0.price), "quantity": .integer($0.quantity),
                                 "orders": .integer($0.orderCount)] })
        }
        let stable: JSONValue = quote.map { ["buy": .integer($0.buyPrice), "sell": .integer($0.sellPrice)] } ?? .null
        return [
            "resource": .string(depth.resource.rawValue), "bids": levels(depth.bids), "asks": levels(depth.asks),
            "stablePrices": stable,
        ]
    }
}
