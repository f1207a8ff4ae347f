/// Deterministic world generation: the same seed and region coordinates give the same region and squares, whatever
/// order regions are generated in.
///
/// Pure values; `World.generateRegion` stores what it produces.
public struct WorldGenerator: Sendable {
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    private static let nameStarts = ["Amber", "Cedar", "Copper", "Dusk", "Elder", "Flint", "Golden", "Iron", "Juniper",
                                     "Maple", "North", "Oak", "Pine", "Red", "Silver", "Stone", "Thorn", "Willow"]
    private static let nameEnds = ["brook", "dale", "fell", "field", "ford", "gate", "haven", "hollow", "moor", "reach",
                                   "ridge", "stead", "vale", "wick"]

    /// Name and biome of region (`regionX`, `regionY`).
    public func regionTraits(regionX: Int64, regionY: Int64) -> (name: String, biome: Biome) {
        var random = SeededRandom(seed: seed, x: regionX, y: regionY, stream: 1)
        let start = Self.nameStarts[Int(random.integer(in: 0...Int64(Self.nameStarts.count - 1)))]
        let end = Self.nameEnds[Int(random.integer(in: 0...Int64(Self.nameEnds.count - 1)))]
        let biome = Biome.allCases[random.pick(weights: [50, 30, 20])]
        return (start + end, biome)
    }

    /// The squares of region (`regionX`, `regionY`) in row order (y, then x), with `id` 0 and `regionID` as given.
    /// - Parameters:
    ///   - isOpen: open regions' squares are unlocked and get a first auction time within a day of `now`.
    ///   - now: Unix milliseconds the schedule is relative to.
    public func squares(regionX: Int64, regionY: Int64, regionID: Int64, biome: Biome, isOpen: Bool, now: Int64)
        -> [LandSquare] {
        var squares: [LandSquare] = []
        squares.reserveCapacity(Int(Region.size * Region.size))
        for dy in 0..<Region.size {
            for dx in 0..<Region.size {
                let x = regionX * Region.size + dx
                let y = regionY * Region.size + dy
                var random = SeededRandom(seed: seed, x: x, y: y, stream: 2)
                let resource = Self.resource(biome: biome, now: now, random: &random)
                let auctionHour = random.integer(in: 1...24)
                squares.append(LandSquare(
                    id: 0, x: x, y: y, regionID: regionID, ownerID: nil, isLocked: !isOpen,
                    nextAuctionAt: isOpen ? now + auctionHour * 3_600_000 : nil, resource: resource))
            }
        }
        return squares
    }

    private static func resource(biome: Biome, now: Int64, random: inout SeededRandom) -> SquareResource? {
        switch random.pick(weights: biome.resourceWeights) {
        case 1:
            let level = Int64(random.pick(weights: [70, 25, 5]) + 1)
            return .farm(level: level, nextHarvestAt: now + random.integer(in: 1...6) * 3_600_000)
        case 2:
            return .mine(remainingOre: random.integer(in: 10...100) * 100, depletionRate: random.integer(in: 10...60))
        case 3:
            return .oilField(capacity: random.integer(in: 5...50) * 1_000, extractionRate: random.integer(in: 50...250),
                             technologyLevel: 1)
        default:
            return nil
        }
    }
}
