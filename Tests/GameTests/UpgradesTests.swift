@testable import Game
import Store
import Testing

@Suite struct UpgradesTests {
    static let now = GameDatabase.epoch + 1_000

    /// "ada" owns a farm (level 1), a mine (rate 40) and an oil field (technology 1), with gold and resources.
    struct Fixture {
        let database: GameDatabase
        let ada: Player
        let farm: Int64
        let mine: Int64
        let oil: Int64
        let empty: Int64

        init(gold: Int64 = 10_000) throws {
            database = try GameDatabase(seed: 1)
            ada = try database.register("ada", gold: gold)
            farm = try database.firstSquare(kind: "farm").id
            mine = try database.firstSquare(kind: "mine").id
            oil = try database.firstSquare(kind: "oil_field").id
            empty = try database.firstSquare(kind: nil).id
            try database.execute("UPDATE land_squares SET farm_level = 1 WHERE id = ?1", [farm])
            try database.execute("UPDATE land_squares SET mine_depletion_rate = 40 WHERE id = ?1", [mine])
            for id in [farm, mine, oil, empty] {
                try database.execute("UPDATE land_squares SET owner_id = ?2 WHERE id = ?1", [id, ada.id])
            }
            let playerID = ada.id
            try database.writer.performAndWait { transaction in
                for asset in [Asset.wheat, .ore, .oil] {
                    try Ledger.grant(1_000, of: asset, to: playerID, reason: .adjustment, reference: nil,
                                     now: UpgradesTests.now, in: transaction)
                }
            }
        }

        func upgrade(_ squareID: Int64, _ kind: UpgradeKind, by playerID: Int64? = nil,
                     configuration: ResourceConfiguration = ResourceConfiguration()) throws -> UpgradeResult {
            let player = playerID ?? ada.id
            return try database.writer.performAndWait { transaction in
                try Upgrades.applyUpgrade(playerID: player, squareID: squareID, kind: kind, now: UpgradesTests.now,
                                          configuration: configuration, in: transaction).result
            }
        }

        func snapshot() throws -> [String] {
            try database.read { connection in
                try connection.query("SELECT id, balance FROM accounts ORDER BY id").map { "\(try $0.int64("id"))=\(try $0.int64("balance"))" }
                    + connection.query("SELECT id, farm_level, mine_depletion_rate, oil_technology_level FROM land_squares WHERE owner_id IS NOT NULL ORDER BY id")
                        .map { "\($0.values)" }
            }
        }
    }

    @Test(arguments: [
        (UpgradeKind.farmLevel, Int64(2), Int64(200), Asset.wheat, Int64(40)),
        (.oilTechnology, 2, 200, .ore, 40),
        (.mineRate, 50, 500, .oil, 100),
    ])
    func upgradesPayExactlyAndRaiseOneStep(_ kind: UpgradeKind, _ level: Int64, _ gold: Int64, _ asset: Asset,
                                           _ amount: Int64) throws {
        let fixture = try Fixture()
        let square = switch kind {
        case .farmLevel: fixture.farm
        case .oilTechnology: fixture.oil
        case .mineRate: fixture.mine
        }
        let result = try fixture.upgrade(square, kind)
        #expect(result.level == level)
        #expect(result.cost == UpgradeCost(gold: gold, resource: asset, resourceAmount: amount))
        let holdings = try fixture.database.holdings(fixture.ada.id)
        #expect(holdings.available[.gold] == 10_000 - gold)
        #expect(holdings.available[asset] == 1_000 - amount)
        #expect(try fixture.database.auditViolations() == [])
    }

    @Test func theOwnerIsToldWhatTheUpgradeCharged() throws {
        let fixture = try Fixture()
        let (square, ada) = (fixture.farm, fixture.ada.id)
        let events = try fixture.database.writer.performAndWait { transaction in
            try Upgrades.applyUpgrade(playerID: ada, squareID: square, kind: .farmLevel, now: UpgradesTests.now,
                                      configuration: ResourceConfiguration(), in: transaction).events
        }
        let own = try #require(events.first { $0.topic == "player:\(ada)" })
        #expect(own.type == "upgrade_completed")
        #expect(String(decoding: own.dataJSON, as: UTF8.self) == #"{"goldCost":200,"kind":"farm_level","level":2,"#
            + #""resource":"wheat","resourceCost":40,"squareId":\#(square)}"#)
        try fixture.database.expectSquareObjectsCurrent("upgrade")
    }

    @Test func farmsStopAtTheMaximumLevel() throws {
        let fixture = try Fixture()
        for expected in Int64(2)...5 { #expect(try fixture.upgrade(fixture.farm, .farmLevel).level == expected) }
        let before = try fixture.snapshot()
        #expect(throws: ResourceRuleError.upgradeAtMaximum(kind: .farmLevel, level: 5, maximum: 5)) {
            try fixture.upgrade(fixture.farm, .farmLevel)
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test func refusedUpgradesChangeNothing() throws {
        let fixture = try Fixture()
        let other = try fixture.database.register("bob", gold: 10_000)
        let before = try fixture.snapshot()
        #expect(throws: ResourceRuleError.upgradeNotApplicable(kind: .oilTechnology, resourceKind: "farm")) {
            try fixture.upgrade(fixture.farm, .oilTechnology)
        }
        #expect(throws: ResourceRuleError.upgradeNotApplicable(kind: .farmLevel, resourceKind: nil)) {
            try fixture.upgrade(fixture.empty, .farmLevel)
        }
        #expect(throws: ResourceRuleError.notOwner(squareID: fixture.farm, ownerID: fixture.ada.id)) {
            try fixture.upgrade(fixture.farm, .farmLevel, by: other.id)
        }
        #expect(throws: GameError.squareNotFound(squareID: 999_999)) { try fixture.upgrade(999_999, .farmLevel) }
        let farm = fixture.farm
        try fixture.database.writer.performAndWait { transaction in
            try SquareLocks.acquire(squareID: farm, holder: "auction:3", now: UpgradesTests.now, in: transaction)
        }
        let locked = try fixture.snapshot()
        #expect(throws: ResourceRuleError.squareLocked(squareID: farm, holder: "auction:3")) {
            try fixture.upgrade(farm, .farmLevel)
        }
        var expensive = ResourceConfiguration()
        expensive.upgradeGoldPerLevel = 1_000_000
        #expect(throws: GameError.self) { try fixture.upgrade(fixture.mine, .mineRate, configuration: expensive) }
        #expect(try fixture.snapshot() == locked)
        #expect(before == locked)
    }
}
