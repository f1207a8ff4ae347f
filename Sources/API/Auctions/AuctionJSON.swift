import Codecs
import Game
import Telemetry

/// The JSON shapes of auctions and bids, as one viewer may see them (the provider decides; a viewer's own bid is
/// always theirs to see). Pure functions; `OpenAPISchemas+Auctions` documents the same shapes.
public enum AuctionJSON {
    /// `auction` as `viewerID` sees it, given all of its bids.
    public static func auction(_ auction: Auction, bids: [AuctionBid], providers: AuctionProviders,
                               viewerID: Int64?) -> JSONValue {
        let provider = try? providers.provider(for: auction.auctionType)
        let view = provider?.publicView(of: auction, bids: bids)
            ?? AuctionPublicView(highBid: nil, bidderCount: 0, bids: [])
        let mine = viewerID.flatMap { viewer in bids.last { $0.playerID == viewer } }
        return [
            "id": .integer(auction.id),
            "auctionType": .string(auction.auctionType),
            "isSealed": .bool(provider?.isSealed ?? true),
            "landSquares": .array(auction.landSquares.map(JSONValue.integer)),
            "startTime": Timestamp.json(auction.startTime),
            "endTime": Timestamp.json(auction.endTime),
            "status": .string(auction.status.rawValue),
            "origin": .string(auction.origin.rawValue),
            "sellerId": .optional(auction.sellerID),
            "winner": .optional(auction.winnerID),
            "finalPrice": .optional(auction.finalPrice),
            "reservePrice": .integer(auction.reservePrice),
            "minIncrement": .integer(auction.minIncrement),
            "highBid": .optional(view.highBid?.amount),
            "highBidderId": .optional(view.highBid?.playerID),
            "bidderCount": .integer(Int64(view.bidderCount)),
            "bids": .array(view.bids.map(bid)),
            "myBid": mine.map(bid) ?? .null,
        ]
    }

    public static func bid(_ bid: AuctionBid) -> JSONValue {
        [
            "id": .integer(bid.id), "auctionId": .integer(bid.auctionID), "playerId": .integer(bid.playerID),
            "amount": .integer(bid.amount), "placedAt": Timestamp.json(bid.placedAt), "status": .string(bid.status.rawValue),
        ]
    }

    /// The answer to a placed bid (REST `201` body and the socket `bid` command's `data`): the bid, and the auction's
    /// id, status and (possibly extended) end.
    public static func bidPlaced(_ outcome: BidOutcome) -> JSONValue {
        [
            "bid": bid(outcome.bid), "auctionId": .integer(outcome.auction.id),
            "status": .string(outcome.auction.status.rawValue), "endTime": Timestamp.json(outcome.auction.endTime),
        ]
    }

    /// `bidPlaced(outcome).encoded()`, written as bytes in the same (sorted) key order without building the
    /// dictionaries: the REST bid answers with it on every durable bid (about 25k instructions less per bid than
    /// building and sorting the `JSONValue`). `AuctionJSONBytesTests` pins it byte for byte to `bidPlaced`.
    public static func bidPlacedBytes(_ outcome: BidOutcome) -> [UInt8] {
        let bid = outcome.bid
        var output: [UInt8] = []
        output.reserveCapacity(192)
        output.appendUTF8(#"{"auctionId":"#)
        JSONWriter.writeInteger(outcome.auction.id, into: &output)
        output.appendUTF8(#","bid":{"amount":"#)
        JSONWriter.writeInteger(bid.amount, into: &output)
        output.appendUTF8(#","auctionId":"#)
        JSONWriter.writeInteger(bid.auctionID, into: &output)
        output.appendUTF8(#","id":"#)
        JSONWriter.writeInteger(bid.id, into: &output)
        output.appendUTF8(#","placedAt":""#)
        RFC3339Timestamp.write(unixMilliseconds: bid.placedAt, into: &output)
        output.appendUTF8(#"","playerId":"#)
        JSONWriter.writeInteger(bid.playerID, into: &output)
        output.appendUTF8(#","status":"#)
        JSONWriter.writeString(bid.status.rawValue, into: &output)
        output.appendUTF8(#"},"endTime":""#)
        RFC3339Timestamp.write(unixMilliseconds: outcome.auction.endTime, into: &output)
        output.appendUTF8(#"","status":"#)
        JSONWriter.writeString(outcome.auction.status.rawValue, into: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
