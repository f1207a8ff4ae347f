/// Every parameter of the resource economy: yields, periods, merges, upgrades, runs and expansion.
///
/// A plain value built once at start-up (defaults below; the node may override them) and copied into the job handlers
/// and the API. The rules that use each field are documented in `docs/resources.md`. Quantities are whole units,
/// times milliseconds, percentages whole percent.
public struct ResourceConfiguration: Sendable, Equatable {
    // MARK: Yields

    /// Time between two harvests of a farm.
    public var farmHarvestPeriodMilliseconds: Int64 = 3_600_000
    /// Wheat per harvest for each farm level (a level 3 farm harvests 3 x this).
    public var wheatPerFarmLevel: Int64 = 10
    /// Length of one production period of mines and oil fields.
    public var productionPeriodMilliseconds: Int64 = 3_600_000
    /// Extra oil per period for each oil technology level above 1, in percent of the extraction rate.
    public var oilTechnologyStepPercent: Int64 = 50
    /// At most this many missed periods (or harvests) are paid at once; older ones are forfeited.
    public var maxCatchUpPeriods: Int64 = 24

    // MARK: Runs

    /// Square ids covered by one chunk job of a resource update run.
    public var chunkSquares: Int64 = 5_000
    /// A running run without progress for this long is marked failed and a new one may start.
    public var stalledRunMilliseconds: Int64 = 3_600_000

    // MARK: Merges

    /// Smallest and largest number of squares in one merge.
    public var mergeSquareRange: ClosedRange<Int> = 2...9
    /// Gold charged per merged square.
    public var mergeGoldPerSquare: Int64 = 50
    /// Yield bonus per square beyond the first, in percent, up to `maxMergeBonusPercent`.
    public var mergeBonusPercentPerSquare: Int64 = 5
    public var maxMergeBonusPercent: Int64 = 40

    // MARK: Upgrades

    /// Highest farm level and oil technology level.
    public var maxFarmLevel: Int64 = 5
    public var maxOilTechnologyLevel: Int64 = 5
    /// Ore per period added by one `mine_rate` upgrade, and the highest depletion rate.
    public var mineRateStep: Int64 = 10
    public var maxMineDepletionRate: Int64 = 100
    /// Gold per upgrade, times the level reached (farm, oil) or the upgrade number (mine).
    public var upgradeGoldPerLevel: Int64 = 100
    /// Resources per upgrade, times the same factor: farms take wheat, oil technology takes ore, mines take oil.
    public var upgradeResourcePerLevel: Int64 = 20

    // MARK: Expansion

    /// Occupancy (owned squares per square in open regions), in percent, at or above which a region opens.
    public var expansionThresholdPercent: Int64 = 70
    /// After a region opens, no other opens for this long (so racing checks open exactly one).
    public var expansionCooldownMilliseconds: Int64 = 600_000
    /// Regions considered in the spiral from the origin (rings 0 ... this).
    public var maxExpansionRing: Int64 = 64

    public init() {}
}
