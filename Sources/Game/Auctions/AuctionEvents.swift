/// Builds the domain events of auctions, deciding per provider what each topic may carry.
///
/// Secrecy: events on public topics (`auctions`, `auction:{id}`, `square:{id}`) of a sealed auction carry no amount
/// and no bidder before settlement; the bidder's own amount goes only to `player:{id}`. Pure functions, any thread.
public enum AuctionEvents {
    struct Created: Encodable {
        var auctionId: Int64
        var auctionType: String
        var landSquares: [Int64]
        var startTime: Int64
        var endTime: Int64
        var reservePrice: Int64
    }

    struct BidPublic: Encodable {
        var auctionId: Int64
        var endTime: Int64
        var bidderCount: Int
        /// Open auctions only (nil is encoded as absent).
        var highBid: Int64?
        var highBidderId: Int64?
    }

    struct BidPrivate: Encodable {
        var auctionId: Int64
        var bidId: Int64
        var amount: Int64
        var status: String
    }

    struct Settled: Encodable {
        var auctionId: Int64
        var status: String
        var winner: Int64?
        var finalPrice: Int64?
    }

    /// `square_updated` after an auction: `nextAuctionAt` is always present, `null` for owned land (the game never
    /// auctions it), so a client applying the event as a partial update drops a stale date.
    struct SquareChanged: Encodable {
        var squareId: Int64
        var ownerId: Int64?
        var nextAuctionAt: Int64?

        enum CodingKeys: String, CodingKey { case squareId, ownerId, nextAuctionAt }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(squareId, forKey: .squareId)
            try container.encodeIfPresent(ownerId, forKey: .ownerId)
            try container.encode(nextAuctionAt, forKey: .nextAuctionAt)
        }
    }

    static func created(_ auction: Auction) throws -> DomainEvent {
        try DomainEvent(topic: "auctions", type: "auction_created", data: Created(
            auctionId: auction.id, auctionType: auction.auctionType, landSquares: auction.landSquares,
            startTime: auction.startTime, endTime: auction.endTime, reservePrice: auction.reservePrice))
    }

    /// `BidPublic`'s JSON, written directly (every bid publishes it; the keys in sorted order).
    static func bidPublic(auctionID: Int64, endTime: Int64, bidderCount: Int, highBid: Int64?,
                          highBidderID: Int64?) -> [UInt8] {
        var object = EventJSON()
        object.add("auctionId", auctionID)
        object.add("bidderCount", Int64(bidderCount))
        object.add("endTime", endTime)
        object.add("highBid", ifPresent: highBid)
        object.add("highBidderId", ifPresent: highBidderID)
        return object.finished()
    }

    /// `BidPrivate`'s JSON for `bid`, written directly (keys in sorted order).
    static func bidPrivate(_ bid: AuctionBid) -> [UInt8] {
        var object = EventJSON()
        object.add("amount", bid.amount)
        object.add("auctionId", bid.auctionID)
        object.add("bidId", bid.id)
        object.add("status", bid.status.rawValue)
        return object.finished()
    }

    static func bidPlaced(auction: Auction, provider: any AuctionProvider, bid: AuctionBid, released: [AuctionBid],
                          bidderCount: Int) throws -> [DomainEvent] {
        let isPublic = !provider.isSealed
        var events = [
            DomainEvent(topic: "auction:\(auction.id)", type: "bid_placed", dataJSON: bidPublic(
                auctionID: auction.id, endTime: auction.endTime, bidderCount: bidderCount,
                highBid: isPublic ? bid.amount : nil, highBidderID: isPublic ? bid.playerID : nil)),
            DomainEvent(topic: "player:\(bid.playerID)", type: "bid_accepted", dataJSON: bidPrivate(bid)),
        ]
        for loser in released {
            events.append(DomainEvent(topic: "player:\(loser.playerID)", type: "bid_outbid", dataJSON: bidPrivate(loser)))
        }
        return events
    }

    static func settled(_ auction: Auction, nextAuctionAt: Int64?) throws -> [DomainEvent] {
        let data = Settled(auctionId: auction.id, status: auction.status.rawValue, winner: auction.winnerID,
                           finalPrice: auction.finalPrice)
        let type = auction.status == .completed ? "auction_settled" : "auction_\(auction.status.rawValue)"
        var events = [
            try DomainEvent(topic: "auction:\(auction.id)", type: type, data: data),
            try DomainEvent(topic: "auctions", type: type, data: data),
        ]
        for square in auction.landSquares {
            events.append(try DomainEvent(topic: "square:\(square)", type: "square_updated", data: SquareChanged(
                squareId: square, ownerId: auction.winnerID ?? auction.sellerID, nextAuctionAt: nextAuctionAt)))
        }
        return events
    }
}
