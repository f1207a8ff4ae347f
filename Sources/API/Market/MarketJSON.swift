import Codecs
import Game
import Telemetry

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

    /// `placement(placement).encoded()`, written as bytes in the same (sorted) key order without building and
    /// sorting the dictionaries: every placed order answers with it. `MarketJSONBytesTests` pins it byte for byte.
    static func placementBytes(_ placement: OrderPlacement) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(320 + placement.trades.count * 160)
        output.appendUTF8(#"{"order":"#)
        let order = placement.order
        output.appendUTF8(#"{"createdAt":""#)
        RFC3339Timestamp.write(unixMilliseconds: order.createdAt, into: &output)
        output.appendUTF8(#"","escrow":"#)
        JSONWriter.writeInteger(order.escrow, into: &output)
        output.appendUTF8(#","expiresAt":""#)
        RFC3339Timestamp.write(unixMilliseconds: order.expiresAt, into: &output)
        output.appendUTF8(#"","id":"#)
        JSONWriter.writeInteger(order.id, into: &output)
        output.appendUTF8(#","immediateOrCancel":"#)
        output.appendUTF8(order.isImmediateOrCancel ? "true" : "false")
        output.appendUTF8(#","price":"#)
        JSONWriter.writeInteger(order.price, into: &output)
        output.appendUTF8(#","quantity":"#)
        JSONWriter.writeInteger(order.quantity, into: &output)
        output.appendUTF8(#","remaining":"#)
        JSONWriter.writeInteger(order.remaining, into: &output)
        output.appendUTF8(#","resource":"#)
        JSONWriter.writeString(order.resource.rawValue, into: &output)
        output.appendUTF8(#","side":"#)
        JSONWriter.writeString(order.side.rawValue, into: &output)
        output.appendUTF8(#","status":"#)
        JSONWriter.writeString(order.status.rawValue, into: &output)
        output.appendUTF8(#"},"trades":["#)
        for (index, trade) in placement.trades.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.appendUTF8(#"{"createdAt":""#)
            RFC3339Timestamp.write(unixMilliseconds: trade.createdAt, into: &output)
            output.appendUTF8(#"","fee":"#)
            JSONWriter.writeInteger(trade.fee, into: &output)
            output.appendUTF8(#","id":"#)
            JSONWriter.writeInteger(trade.id, into: &output)
            output.appendUTF8(#","price":"#)
            JSONWriter.writeInteger(trade.price, into: &output)
            output.appendUTF8(#","quantity":"#)
            JSONWriter.writeInteger(trade.quantity, into: &output)
            output.appendUTF8(#","resource":"#)
            JSONWriter.writeString(trade.resource.rawValue, into: &output)
            output.appendUTF8(#","takerSide":"#)
            JSONWriter.writeString(trade.takerSide.rawValue, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.appendUTF8("]}")
        return output
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
