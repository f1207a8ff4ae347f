/// The one resource a land square may carry, with its parameters.
///
/// Quantities are whole units; times are Unix milliseconds.
public enum SquareResource: Sendable, Equatable {
    /// Grows wheat; harvested on a schedule.
    case farm(level: Int64, nextHarvestAt: Int64)
    /// Yields ore until depleted.
    case mine(remainingOre: Int64, depletionRate: Int64)
    /// Yields oil up to its capacity.
    case oilField(capacity: Int64, extractionRate: Int64, technologyLevel: Int64)

    /// The stored `resource_kind`.
    public var kind: String {
        switch self {
        case .farm: "farm"
        case .mine: "mine"
        case .oilField: "oil_field"
        }
    }
}
