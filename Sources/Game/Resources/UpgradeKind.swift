/// An improvement of a square's resource, bought with `POST /api/land-squares/{id}/upgrades {"kind"}`.
///
/// Each kind applies to one resource and pays in gold plus one resource (`Upgrades`).
public enum UpgradeKind: String, Sendable, Equatable, CaseIterable {
    /// A farm's level +1 (more wheat per harvest); paid with gold and wheat.
    case farmLevel = "farm_level"
    /// An oil field's technology level +1 (more oil per period); paid with gold and ore.
    case oilTechnology = "oil_technology"
    /// A mine's depletion rate + `mineRateStep` (ore extracted faster); paid with gold and oil.
    case mineRate = "mine_rate"

    /// The `resource_kind` the upgrade applies to.
    public var resourceKind: String {
        switch self {
        case .farmLevel: "farm"
        case .oilTechnology: "oil_field"
        case .mineRate: "mine"
        }
    }

    /// The resource paid besides gold.
    public var paidResource: Asset {
        switch self {
        case .farmLevel: .wheat
        case .oilTechnology: .ore
        case .mineRate: .oil
        }
    }
}

/// What an upgrade cost: gold and one resource, in whole units.
public struct UpgradeCost: Sendable, Equatable {
    public var gold: Int64
    public var resource: Asset
    public var resourceAmount: Int64
}

/// A finished upgrade: the square afterwards, the level reached and the price paid.
public struct UpgradeResult: Sendable, Equatable {
    public var square: LandSquare
    public var kind: UpgradeKind
    /// The farm level, oil technology level or mine depletion rate reached.
    public var level: Int64
    public var cost: UpgradeCost
}
