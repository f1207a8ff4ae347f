import Game
import Testing

@Suite struct ResourceRulesTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_717_200_000_000
    static let configuration = ResourceConfiguration()

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var resource: SquareResource
        var producedUntil: Int64?
        var isOwned = true
        var bonusPercent: Int64 = 0
        var elapsed: Int64
        var amount: Int64?
        var after: SquareResource?
        var isDepleted = false

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "farm not due yields nothing", resource: .farm(level: 2, nextHarvestAt: start + hour), elapsed: hour - 1,
             amount: nil, after: nil),
        Case(name: "farm harvest pays level x wheat", resource: .farm(level: 3, nextHarvestAt: start), elapsed: 0,
             amount: 30, after: .farm(level: 3, nextHarvestAt: start + hour)),
        Case(name: "farm catches up three harvests", resource: .farm(level: 1, nextHarvestAt: start), elapsed: 2 * hour + 5,
             amount: 30, after: .farm(level: 1, nextHarvestAt: start + 3 * hour)),
        Case(name: "farm catch-up is capped at 24 harvests", resource: .farm(level: 1, nextHarvestAt: start),
             elapsed: 99 * hour, amount: 240, after: .farm(level: 1, nextHarvestAt: start + 100 * hour)),
        Case(name: "unowned farm advances without yield", resource: .farm(level: 5, nextHarvestAt: start), isOwned: false,
             elapsed: hour, amount: 0, after: .farm(level: 5, nextHarvestAt: start + 2 * hour)),
        Case(name: "merged farm gets its bonus", resource: .farm(level: 2, nextHarvestAt: start), bonusPercent: 15,
             elapsed: 0, amount: 23, after: .farm(level: 2, nextHarvestAt: start + hour)),
        Case(name: "mine yields its depletion rate per period", resource: .mine(remainingOre: 1_000, depletionRate: 40),
             producedUntil: start, elapsed: 2 * hour, amount: 80, after: .mine(remainingOre: 920, depletionRate: 40)),
        Case(name: "mine within a period yields nothing", resource: .mine(remainingOre: 1_000, depletionRate: 40),
             producedUntil: start, elapsed: hour - 1, amount: nil, after: nil),
        Case(name: "mine depletes exactly to zero", resource: .mine(remainingOre: 50, depletionRate: 40),
             producedUntil: start, elapsed: 2 * hour, amount: 50, after: .mine(remainingOre: 0, depletionRate: 40),
             isDepleted: true),
        Case(name: "empty mine yields nothing", resource: .mine(remainingOre: 0, depletionRate: 40), producedUntil: start,
             elapsed: 5 * hour, amount: nil, after: nil),
        Case(name: "mine clock starts without yield", resource: .mine(remainingOre: 100, depletionRate: 40),
             producedUntil: nil, elapsed: 0, amount: 0, after: .mine(remainingOre: 100, depletionRate: 40)),
        Case(name: "unowned mine does not deplete", resource: .mine(remainingOre: 100, depletionRate: 40),
             producedUntil: start, isOwned: false, elapsed: 3 * hour, amount: 0,
             after: .mine(remainingOre: 100, depletionRate: 40)),
        Case(name: "oil at technology 1 extracts its rate",
             resource: .oilField(capacity: 5_000, extractionRate: 100, technologyLevel: 1), producedUntil: start,
             elapsed: hour, amount: 100, after: .oilField(capacity: 4_900, extractionRate: 100, technologyLevel: 1)),
        Case(name: "oil technology 3 scales extraction by 200%",
             resource: .oilField(capacity: 5_000, extractionRate: 100, technologyLevel: 3), producedUntil: start,
             elapsed: hour, amount: 200, after: .oilField(capacity: 4_800, extractionRate: 100, technologyLevel: 3)),
        Case(name: "oil extraction is capped at the remaining capacity",
             resource: .oilField(capacity: 150, extractionRate: 100, technologyLevel: 1), producedUntil: start,
             elapsed: 3 * hour, amount: 150, after: .oilField(capacity: 0, extractionRate: 100, technologyLevel: 1),
             isDepleted: true),
    ]

    @Test(arguments: cases)
    func production(_ test: Case) {
        let outcome = ResourceRules.produce(test.resource, producedUntil: test.producedUntil, isOwned: test.isOwned,
                                            bonusPercent: test.bonusPercent, now: Self.start + test.elapsed,
                                            configuration: Self.configuration)
        #expect(outcome?.amount == test.amount)
        #expect(outcome?.resource == test.after)
        #expect((outcome?.isDepleted ?? false) == test.isDepleted)
    }

    @Test func producedUntilMovesByWholePeriods() throws {
        let outcome = try #require(ResourceRules.produce(
            .mine(remainingOre: 1_000, depletionRate: 10), producedUntil: Self.start, isOwned: true, bonusPercent: 0,
            now: Self.start + 2 * Self.hour + 1_234, configuration: Self.configuration))
        #expect(outcome.producedUntil == Self.start + 2 * Self.hour)
        #expect(outcome.periods == 2)
    }

    @Test(arguments: [(2, 5), (3, 10), (9, 40), (20, 40)] as [(Int, Int64)])
    func mergeBonus(_ squares: Int, _ percent: Int64) {
        #expect(ResourceRules.mergeBonusPercent(squareCount: squares, configuration: Self.configuration) == percent)
    }
}
