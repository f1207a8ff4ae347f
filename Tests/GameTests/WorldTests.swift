@testable import Game
import Store
import Testing

@Suite struct WorldTests {
    @Test func sameSeedGivesTheSameWorld() throws {
        let first = try GameDatabase(seed: 42)
        let second = try GameDatabase(seed: 42)
        let other = try GameDatabase(seed: 43)
        let firstHash = try first.read { try World.hash(in: $0) }
        #expect(firstHash == (try second.read { try World.hash(in: $0) }))
        #expect(firstHash != (try other.read { try World.hash(in: $0) }))
    }

    @Test func generationDoesNotDependOnRegionOrder() {
        let generator = WorldGenerator(seed: 7)
        let traits = generator.regionTraits(regionX: 3, regionY: -2)
        _ = generator.regionTraits(regionX: 0, regionY: 0)
        #expect(generator.regionTraits(regionX: 3, regionY: -2) == traits)
        let squares = generator.squares(regionX: 3, regionY: -2, regionID: 1, biome: .hills, isOpen: true, now: 0)
        #expect(squares == generator.squares(regionX: 3, regionY: -2, regionID: 1, biome: .hills, isOpen: true, now: 0))
        #expect(squares.count == 256)
        #expect(squares.first?.x == 48 && squares.first?.y == -32)
        #expect(squares.last?.x == 63 && squares.last?.y == -17)
    }

    @Test func demoWorldOpensTheRegionsAroundTheOrigin() throws {
        let database = try GameDatabase(seed: 1)
        let regions = try database.read { try World.regions(in: $0) }
        #expect(regions.count == 16)
        #expect(regions.filter(\.isOpen).map { [$0.regionX, $0.regionY] }.sorted { $0.lexicographicallyPrecedes($1) }
            == [[-1, -1], [-1, 0], [0, -1], [0, 0]])
        let around = try database.read { try World.squares(minX: -2, minY: -2, maxX: 1, maxY: 1, in: $0) }
        #expect(around.count == 16)
        #expect(around.allSatisfy { !$0.isLocked && $0.nextAuctionAt != nil && $0.ownerID == nil })
        let all = try database.read { try World.squares(minX: -32, minY: -32, maxX: 31, maxY: 31, in: $0) }
        #expect(all.count == 4_096)
        var kinds: [String: Int] = [:]
        for square in all { kinds[square.resource?.kind ?? "none", default: 0] += 1 }
        for kind in ["none", "farm", "mine", "oil_field"] { #expect((kinds[kind] ?? 0) > 100, "too few \(kind): \(kinds)") }
        #expect(all.filter(\.isLocked).count == 4_096 - 1_024)
    }

    @Test func noDemoStartsEmptyAndSetupIsIdempotent() throws {
        let database = try GameDatabase(seed: 5, isDemo: false)
        #expect(try database.count("regions") == 0)
        #expect(try database.count("accounts") == 12)
        let again = try database.writer.performAndWait { transaction in
            try GameSetup.prepare(options: GameSetupOptions(seed: 99, isDemo: true), now: 0, in: transaction)
        }
        #expect(again == GameSetupResult(didCreateWorld: false, seed: 5, regionCount: 0, squareCount: 0))
        #expect(try database.count("accounts") == 12)
    }

    @Test(arguments: [(0, 0), (15, 0), (16, 1), (-1, -1), (-16, -1), (-17, -2), (31, 1), (-32, -2)] as [(Int64, Int64)])
    func regionCoordinateIsFloorDivision(_ square: Int64, _ region: Int64) {
        #expect(Region.coordinate(containing: square) == region)
    }

    @Test func squareLookupAndMissingSquare() throws {
        let database = try GameDatabase(seed: 1)
        let square = try database.read { try World.square(id: 1, in: $0) }
        #expect(square.x == -32 && square.y == -32)
        #expect(throws: GameError.squareNotFound(squareID: 999_999)) {
            try database.read { try World.square(id: 999_999, in: $0) }
        }
    }
}
