/// What one square's production amounts to at one instant: its resource afterwards, the yield and the new clock.
public struct ResourceOutcome: Sendable, Equatable {
    /// The resource after production (farm's next harvest, mine's remaining ore, field's remaining capacity).
    public var resource: SquareResource
    /// Mines and oil fields: production is accounted up to here (unchanged for farms: nil).
    public var producedUntil: Int64?
    /// The asset produced (wheat, ore or oil).
    public var asset: Asset
    /// Units credited to the owner (0 for unowned squares).
    public var amount: Int64
    /// Whole periods (harvests) that elapsed, including forfeited ones.
    public var periods: Int64
    /// The deposit reached zero with this production.
    public var isDepleted: Bool
}

/// The pure production rules of farms, mines and oil fields (`docs/resources.md`), over simulated time.
///
/// No database: given a square's resource and clock, the owner flag, its merge bonus and "now", it answers what is
/// produced. Called on the writer thread by resource update runs and directly by tests.
public enum ResourceRules {
    /// The production due on a square at `now`, or nil when nothing is due.
    /// - Parameters:
    ///   - producedUntil: mines and oil fields: the stored clock; nil starts it at `now` without a yield.
    ///   - isOwned: unowned squares advance their clock but yield nothing and do not deplete.
    ///   - bonusPercent: the merge bonus applied to the yield.
    public static func produce(_ resource: SquareResource, producedUntil: Int64?, isOwned: Bool, bonusPercent: Int64,
                               now: Int64, configuration: ResourceConfiguration) -> ResourceOutcome? {
        switch resource {
        case .farm(let level, let nextHarvestAt):
            let period = max(1, configuration.farmHarvestPeriodMilliseconds)
            guard nextHarvestAt <= now else { return nil }
            let periods = (now - nextHarvestAt) / period + 1
            let paid = min(periods, max(0, configuration.maxCatchUpPeriods))
            let base = multiply(multiply(paid, level), configuration.wheatPerFarmLevel)
            let amount = isOwned ? withBonus(base, bonusPercent) : 0
            return ResourceOutcome(
                resource: .farm(level: level, nextHarvestAt: nextHarvestAt + multiply(periods, period)),
                producedUntil: nil, asset: .wheat, amount: amount, periods: periods, isDepleted: false)
        case .mine(let remainingOre, let depletionRate):
            return extract(remaining: remainingOre, ratePerPeriod: depletionRate, producedUntil: producedUntil,
                           isOwned: isOwned, bonusPercent: bonusPercent, now: now, configuration: configuration,
                           asset: .ore) { .mine(remainingOre: $0, depletionRate: depletionRate) }
        case .oilField(let capacity, let extractionRate, let technologyLevel):
            let rate = oilPerPeriod(extractionRate: extractionRate, technologyLevel: technologyLevel,
                                    configuration: configuration)
            return extract(remaining: capacity, ratePerPeriod: rate, producedUntil: producedUntil, isOwned: isOwned,
                           bonusPercent: bonusPercent, now: now, configuration: configuration, asset: .oil) {
                .oilField(capacity: $0, extractionRate: extractionRate, technologyLevel: technologyLevel)
            }
        }
    }

    /// Oil per period: the extraction rate plus `oilTechnologyStepPercent` of it for each level above 1.
    public static func oilPerPeriod(extractionRate: Int64, technologyLevel: Int64,
                                    configuration: ResourceConfiguration) -> Int64 {
        let percent = 100 + multiply(max(0, technologyLevel - 1), configuration.oilTechnologyStepPercent)
        return multiply(extractionRate, percent) / 100
    }

    /// The merge bonus for a plot of `squareCount` squares, in percent.
    public static func mergeBonusPercent(squareCount: Int, configuration: ResourceConfiguration) -> Int64 {
        min(configuration.maxMergeBonusPercent,
            multiply(Int64(max(0, squareCount - 1)), configuration.mergeBonusPercentPerSquare))
    }

    private static func extract(remaining: Int64, ratePerPeriod: Int64, producedUntil: Int64?, isOwned: Bool,
                                bonusPercent: Int64, now: Int64, configuration: ResourceConfiguration, asset: Asset,
                                rebuild: (Int64) -> SquareResource) -> ResourceOutcome? {
        guard remaining > 0 else { return nil }
        guard let producedUntil else {
            return ResourceOutcome(resource: rebuild(remaining), producedUntil: now, asset: asset, amount: 0, periods: 0,
                                   isDepleted: false)
        }
        let period = max(1, configuration.productionPeriodMilliseconds)
        guard now - producedUntil >= period else { return nil }
        let periods = (now - producedUntil) / period
        let paid = min(periods, max(0, configuration.maxCatchUpPeriods))
        let amount = isOwned ? min(remaining, withBonus(multiply(paid, max(0, ratePerPeriod)), bonusPercent)) : 0
        return ResourceOutcome(resource: rebuild(remaining - amount), producedUntil: producedUntil + periods * period,
                               asset: asset, amount: amount, periods: periods, isDepleted: amount > 0 && remaining == amount)
    }

    private static func withBonus(_ amount: Int64, _ bonusPercent: Int64) -> Int64 {
        multiply(amount, 100 + max(0, bonusPercent)) / 100
    }

    /// Multiplication that saturates at Int64.max instead of trapping on absurd stored values.
    static func multiply(_ left: Int64, _ right: Int64) -> Int64 {
        let (product, overflow) = left.multipliedReportingOverflow(by: right)
        return overflow ? Int64.max : product
    }
}
