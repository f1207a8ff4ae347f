@testable import API
@testable import Game
import Testing

/// `MarketJSON.placementBytes`, the order route's answer written as bytes, against `MarketJSON.placement`'s
/// `JSONValue` encoding: byte for byte for every resource, side and status, with no, one and several trades,
/// extreme integers and times on both sides of 1970.
@Suite struct MarketJSONBytesTests {
    private static func order(_ resource: MarketResource, _ side: OrderSide, _ status: OrderStatus, number: Int64,
                              time: Int64) -> MarketOrder {
        MarketOrder(id: number, playerID: 2, resource: resource, side: side, price: number, quantity: number &- 1,
                    remaining: 0, escrow: number / 3, isImmediateOrCancel: number % 2 == 0, status: status,
                    createdAt: time, updatedAt: time, expiresAt: time &+ 1_000)
    }

    private static func trade(_ resource: MarketResource, _ side: OrderSide, number: Int64, time: Int64) -> MarketTrade {
        MarketTrade(id: number &+ 5, resource: resource, price: number, quantity: 1, fee: number / 100, buyerID: 1,
                    sellerID: 2, buyOrderID: nil, sellOrderID: number, takerSide: side, createdAt: time)
    }

    @Test(arguments: [Int64(1), 250, 9_000_000_000_000_000, -3])
    func matchesTheJSONValueEncoding(_ number: Int64) {
        for resource in MarketResource.allCases {
            for side in OrderSide.allCases {
                for status in OrderStatus.allCases {
                    for time: Int64 in [0, 1_765_000_000_999, -1] {
                        for tradeCount in [0, 1, 3] {
                            let trades = (0..<tradeCount).map { index in
                                Self.trade(resource, index % 2 == 0 ? side : .sell, number: number &+ Int64(index),
                                           time: time &+ Int64(index))
                            }
                            let placement = OrderPlacement(
                                order: Self.order(resource, side, status, number: number, time: time), trades: trades,
                                selfTradeCancellations: [], events: [], bookDelta: BookDelta())
                            #expect(MarketJSON.placementBytes(placement) == MarketJSON.placement(placement).encoded(),
                                    "\(resource) \(side) \(status) \(number) \(time) \(tradeCount)")
                        }
                    }
                }
            }
        }
    }
}
