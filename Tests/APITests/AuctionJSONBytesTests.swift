@testable import API
@testable import Game
import Store
import Testing

/// `AuctionJSON.bidPlacedBytes`, the REST bid's answer written as bytes, against `AuctionJSON.bidPlaced`'s
/// `JSONValue` encoding (which the socket's `bid` command still sends): byte for byte, for every status of the bid
/// and of the auction, extreme integers and times before 1970 and after 2038.
@Suite struct AuctionJSONBytesTests {
    private static func outcome(bidStatus: AuctionBidStatus, auctionStatus: AuctionStatus, number: Int64,
                                time: Int64) throws -> BidOutcome {
        let bid = AuctionBid(id: number, auctionID: number &+ 1, playerID: 7, amount: number, placedAt: time,
                             status: bidStatus)
        // `Auction` is built from a row, as the store reads it.
        let columns = ["id", "auction_type", "status", "start_time", "end_time", "original_end_time", "reserve_price",
                       "min_increment", "seller_id", "origin", "winner_id", "final_price", "created_at", "settled_at"]
        let values: [SQLiteValue] = [.integer(number &+ 1), .text("blind"), .text(auctionStatus.rawValue), .integer(0),
                                     .integer(time &+ 86_400_000), .integer(time), .integer(0), .integer(1), .null,
                                     .text("system"), .null, .null, .integer(0), .null]
        let auction = try Auction(row: Row(columnNames: columns, values: values), landSquares: [3])
        return BidOutcome(bid: bid, auction: auction, released: [], wasExtended: false, events: [])
    }

    @Test(arguments: [Int64(1), 42, 1_000_000_000_000, Int64.max - 1, -5])
    func matchesTheJSONValueEncodingForEveryStatus(_ number: Int64) throws {
        for bidStatus in AuctionBidStatus.allCases {
            for auctionStatus in AuctionStatus.allCases {
                for time: Int64 in [0, 1_765_000_000_123, -86_400_001, 253_402_300_799_999] {
                    let outcome = try Self.outcome(bidStatus: bidStatus, auctionStatus: auctionStatus, number: number,
                                               time: time)
                    #expect(AuctionJSON.bidPlacedBytes(outcome) == AuctionJSON.bidPlaced(outcome).encoded(),
                            "\(bidStatus) \(auctionStatus) \(number) \(time)")
                }
            }
        }
    }
}
