/// The landscape of a region; it decides how likely each resource is on its squares.
///
/// Plains favour farms, hills mines, deserts oil: a demo world then has a plausible mix.
public enum Biome: String, Sendable, CaseIterable, Equatable {
    case plains, hills, desert

    /// Weights out of 100 for: no resource, farm, mine, oil field.
    var resourceWeights: [Int64] {
        switch self {
        case .plains: [45, 40, 10, 5]
        case .hills: [50, 15, 30, 5]
        case .desert: [60, 5, 10, 25]
        }
    }
}
