/// The `player:{id}` events of an auction's end: what each bidder and the seller learn when it closes.
///
/// Each goes to one player's topic only (delivered on their `player:me`), and `EventBus` adds that player's holdings
/// after the change. Secrecy: a bidder's event carries only their own bid; the price is public once settled; the
/// seller learns the price, the fee and the winner (all public after settlement), never a losing amount.
/// Pure functions, any thread.
enum AuctionPlayerEvents {
    static let wonType = "auction_won"
    static let lostType = "auction_lost"
    static let soldType = "auction_sold"
    static let unsoldType = "auction_unsold"
    static let releasedType = "bid_released"
    static let closedType = "auction_closed"

    /// `auction_won`: the winner's bid and the price they paid (the surplus over it is back in their gold).
    struct Won: Encodable {
        var auctionId: Int64, bidId: Int64, amount: Int64, price: Int64, landSquares: [Int64]
    }

    /// `auction_lost` / `bid_released`: the player's own bid, returned to their available gold.
    struct Returned: Encodable {
        var auctionId: Int64, bidId: Int64, amount: Int64, status: String
    }

    /// `auction_sold` (price, fee, proceeds, buyer) or `auction_unsold` (reason): the seller's squares' fate.
    struct Seller: Encodable {
        var auctionId: Int64, landSquares: [Int64], status: String
        var buyerId: Int64?, price: Int64?, fee: Int64?, proceeds: Int64?, reason: String?
    }

    /// The events of a completed settlement (`sale` nil: no winner).
    static func settled(_ auction: Auction, sale: AuctionSale?, lost: [AuctionBid],
                        hadBids: Bool) throws -> [DomainEvent] {
        var events: [DomainEvent] = []
        if let sale {
            events.append(try DomainEvent(topic: "player:\(sale.winningBid.playerID)", type: wonType, data: Won(
                auctionId: auction.id, bidId: sale.winningBid.id, amount: sale.winningBid.amount, price: sale.price,
                landSquares: auction.landSquares)))
        }
        for bid in lost {
            events.append(try DomainEvent(topic: "player:\(bid.playerID)", type: lostType, data: Returned(
                auctionId: auction.id, bidId: bid.id, amount: bid.amount, status: bid.status.rawValue)))
        }
        guard let sellerID = auction.sellerID else { return events }
        let data = if let sale {
            Seller(auctionId: auction.id, landSquares: auction.landSquares, status: auction.status.rawValue,
                   buyerId: sale.winningBid.playerID, price: sale.price, fee: sale.fee, proceeds: sale.price - sale.fee,
                   reason: nil)
        } else {
            Seller(auctionId: auction.id, landSquares: auction.landSquares, status: auction.status.rawValue,
                   buyerId: nil, price: nil, fee: nil, proceeds: nil, reason: hadBids ? "reserve_not_met" : "no_bids")
        }
        events.append(try DomainEvent(topic: "player:\(sellerID)", type: sale == nil ? unsoldType : soldType, data: data))
        return events
    }

    /// The events of a failed or cancelled auction: each bidder's `bid_released`, the seller's `auction_closed`.
    static func closed(_ auction: Auction, released: [AuctionBid]) throws -> [DomainEvent] {
        var events = try released.map { bid in
            try DomainEvent(topic: "player:\(bid.playerID)", type: releasedType, data: Returned(
                auctionId: auction.id, bidId: bid.id, amount: bid.amount, status: bid.status.rawValue))
        }
        if let sellerID = auction.sellerID {
            events.append(try DomainEvent(topic: "player:\(sellerID)", type: closedType, data: Seller(
                auctionId: auction.id, landSquares: auction.landSquares, status: auction.status.rawValue,
                buyerId: nil, price: nil, fee: nil, proceeds: nil, reason: auction.status.rawValue)))
        }
        return events
    }
}
