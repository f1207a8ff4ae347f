import Codecs
@testable import Game
import Testing

/// The event data the bid and order paths write with `EventJSON` is byte for byte what `JSONCoding` encodes for the
/// same `Encodable` shape (sorted keys, absent optionals left out), so subscribers see no change.
@Suite("Event JSON")
struct EventJSONTests {
    @Test(arguments: [(Int64(5), Int64?.none, Int64?.none), (7, 120, 3)])
    func bidPublic(bidderCount: Int64, highBid: Int64?, highBidderID: Int64?) throws {
        let reference = try JSONCoding.encode(AuctionEvents.BidPublic(
            auctionId: 12, endTime: 1_717_200_060_000, bidderCount: Int(bidderCount), highBid: highBid,
            highBidderId: highBidderID))
        #expect(AuctionEvents.bidPublic(auctionID: 12, endTime: 1_717_200_060_000, bidderCount: Int(bidderCount),
                                        highBid: highBid, highBidderID: highBidderID) == reference)
    }

    @Test func bidPrivate() throws {
        let bid = AuctionBid(id: 9, auctionID: 12, playerID: 4, amount: 1_000_000_000_000, placedAt: 1, status: .outbid)
        let reference = try JSONCoding.encode(AuctionEvents.BidPrivate(auctionId: 12, bidId: 9, amount: 1_000_000_000_000,
                                                                       status: "outbid"))
        #expect(AuctionEvents.bidPrivate(bid) == reference)
    }

    @Test func marketEvents() throws {
        let order = MarketOrder(id: 31, playerID: 4, resource: .wheat, side: .sell, price: 101, quantity: 10,
                                remaining: 0, escrow: 0, isImmediateOrCancel: false, status: .filled, createdAt: 5,
                                updatedAt: 6, expiresAt: 7)
        #expect(MarketEvents.bookJSON(order) == (try JSONCoding.encode(MarketEvents.BookOrderData(
            orderId: 31, resource: "wheat", side: "sell", price: 101, remaining: 0, status: "filled"))))
        #expect(MarketEvents.ownOrderJSON(order) == (try JSONCoding.encode(MarketEvents.OwnOrderData(
            orderId: 31, resource: "wheat", side: "sell", price: 101, quantity: 10, remaining: 0, escrow: 0,
            status: "filled"))))
        let trade = MarketTrade(id: 8, resource: .oil, price: 99, quantity: 2, fee: 1, buyerID: 1, sellerID: 2,
                                buyOrderID: 3, sellOrderID: nil, takerSide: .buy, createdAt: -1)
        #expect(MarketEvents.tradeJSON(trade) == (try JSONCoding.encode(MarketEvents.TradeData(
            tradeId: 8, resource: "oil", price: 99, quantity: 2, takerSide: "buy", createdAtMs: -1))))
    }
}
