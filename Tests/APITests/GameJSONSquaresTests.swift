@testable import API
import Game
import Testing

/// `GameJSON.squaresBody` (the land-squares route's direct writer) gives byte for byte what encoding
/// `GameJSON.square` through `JSONValue` gives, for every resource kind, nulls, negatives and merges.
@Suite struct GameJSONSquaresTests {
    static let squares: [LandSquare] = {
        var merged = LandSquare(id: 9, x: 3, y: 4, regionID: 2, ownerID: 12, isLocked: true,
                                nextAuctionAt: 1_735_689_600_123, resource: .oilField(capacity: 900, extractionRate: 7,
                                                                                      technologyLevel: 2))
        merged.merges = [10, 11, 1_000_000]
        return [
            LandSquare(id: 1, x: 0, y: 0, regionID: 1, ownerID: nil, isLocked: false, nextAuctionAt: nil, resource: nil),
            LandSquare(id: 2, x: -17, y: -1_000_000_000, regionID: 16, ownerID: 5, isLocked: false,
                       nextAuctionAt: 0, resource: .farm(level: 3, nextHarvestAt: 1_767_225_599_999)),
            LandSquare(id: Int64.max, x: 1_000_000_000, y: 9, regionID: 3, ownerID: nil, isLocked: true,
                       nextAuctionAt: nil, resource: .mine(remainingOre: 0, depletionRate: 15)),
            merged,
        ]
    }()

    @Test func matchesTheJSONValueEncoding() {
        let expected = JSONValue.object(["squares": .array(Self.squares.map(GameJSON.square))]).encoded()
        #expect(String(decoding: GameJSON.squaresBody(Self.squares), as: UTF8.self)
                == String(decoding: expected, as: UTF8.self))
    }

    @Test(arguments: 0..<4)
    func matchesForEachSquareAlone(_ index: Int) {
        let one = [Self.squares[index]]
        #expect(GameJSON.squaresBody(one) == JSONValue.object(["squares": .array(one.map(GameJSON.square))]).encoded())
    }

    @Test func emptyAreaIsAnEmptyArray() {
        #expect(String(decoding: GameJSON.squaresBody([]), as: UTF8.self) == #"{"squares":[]}"#)
    }
}
