/// A small deterministic pseudo-random generator (SplitMix64) for world generation: the same seed gives the same world
/// on every machine and every Swift version, which the standard library's generator does not promise.
///
/// A value; each generation step owns its own copy. Not for secrets (use `Crypto.SecureRandom`).
/// Reference: Steele, Lea, Flood, "Fast Splittable Pseudorandom Number Generators" (OOPSLA 2014).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one grid cell of a world, independent of the order cells are generated in.
    public init(seed: UInt64, x: Int64, y: Int64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        let first = mixer.next() ^ UInt64(bitPattern: x) &* 0x9E37_79B9_7F4A_7C15
        var second = SeededRandom(seed: first)
        state = second.next() ^ UInt64(bitPattern: y) &* 0xC2B2_AE3D_27D4_EB4F
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A value in `range`, uniform enough for a game (modulo bias below 2^-32 for the small ranges used here).
    public mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int64(bitPattern: next()) }
        return range.lowerBound + Int64(next() % width)
    }

    /// The index picked by cumulative `weights` (all non-negative, sum > 0).
    public mutating func pick(weights: [Int64]) -> Int {
        let total = weights.reduce(0, +)
        var roll = integer(in: 0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}
