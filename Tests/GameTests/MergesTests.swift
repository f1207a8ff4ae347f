import Game
import Store
import Testing

@Suite struct MergesTests {
    static let now = GameDatabase.epoch + 1_000

    /// A demo world where "ada" (1,000 gold) owns the 3x2 block at (0, 0)...(2, 1) and "bob" owns (3, 0).
    struct Fixture {
        let database: GameDatabase
        let ada: Player
        let bob: Player
        /// Square ids by position.
        let ids: [String: Int64]

        init() throws {
            database = try GameDatabase(seed: 1)
            ada = try database.register("ada", gold: 1_000)
            bob = try database.register("bob", gold: 1_000)
            var ids: [String: Int64] = [:]
            for x in Int64(0)...4 {
                for y in Int64(0)...2 {
                    let square = try database.read { try World.squares(minX: x, minY: y, maxX: x, maxY: y, in: $0) }
                    ids["\(x),\(y)"] = square.first?.id
                }
            }
            self.ids = ids
            for position in ["0,0", "1,0", "2,0", "0,1", "1,1", "2,1", "4,2"] {
                try database.execute("UPDATE land_squares SET owner_id = ?2 WHERE id = ?1", [ids[position] ?? 0, ada.id])
            }
            try database.execute("UPDATE land_squares SET owner_id = ?2 WHERE id = ?1", [ids["3,0"] ?? 0, bob.id])
        }

        func squares(_ positions: [String]) -> [Int64] { positions.map { ids[$0] ?? 0 } }

        func merge(_ positions: [String], as player: Player? = nil,
                   configuration: ResourceConfiguration = ResourceConfiguration()) throws -> LandMerge {
            let ids = squares(positions)
            let playerID = (player ?? ada).id
            return try database.writer.performAndWait { transaction in
                try Merges.merge(playerID: playerID, squareIDs: ids, now: MergesTests.now, configuration: configuration,
                                 in: transaction).merge
            }
        }

        /// Everything a refused merge must leave untouched.
        func snapshot() throws -> [String] {
            try database.read { connection in
                try connection.query("SELECT id, balance FROM accounts ORDER BY id").map { "\(try $0.int64("id"))=\(try $0.int64("balance"))" }
                    + connection.query("SELECT id FROM land_merges").map { "merge \(try $0.int64("id"))" }
                    + connection.query("SELECT id, merge_id FROM land_squares WHERE merge_id IS NOT NULL")
                        .map { "square \(try $0.int64("id"))" }
            }
        }
    }

    @Test func mergingChargesGoldAndMarksEverySquare() throws {
        let fixture = try Fixture()
        let merge = try fixture.merge(["0,0", "1,0", "2,0", "1,1"])
        #expect(merge.goldCost == 200)
        #expect(merge.bonusPercent == 15)
        #expect(merge.squareIDs == fixture.squares(["0,0", "1,0", "2,0", "1,1"]).sorted())
        #expect(try fixture.database.holdings(fixture.ada.id).available[.gold] == 800)
        let fees = try fixture.database.read { try Ledger.systemAccount(.fees, .gold, in: $0) }
        #expect(fees.balance == 200)
        for id in merge.squareIDs {
            #expect(try fixture.database.read { try World.square(id: id, in: $0) }.merges == merge.squareIDs)
        }
        #expect(try fixture.database.read { try World.square(id: fixture.ids["0,1"] ?? 0, in: $0) }.merges == [])
        #expect(try fixture.database.auditViolations() == [])
    }

    @Test(arguments: [
        (["0,0", "2,0"], ResourceRuleError.notAdjacent(squareIDs: [])),
        (["0,0", "1,1"], ResourceRuleError.notAdjacent(squareIDs: [])),
        (["2,0", "3,0"], ResourceRuleError.notOwner(squareID: 0, ownerID: nil)),
        (["0,0"], ResourceRuleError.mergeSize(count: 1, minimum: 2, maximum: 9)),
        (["0,0", "0,0"], ResourceRuleError.duplicateSquare(squareID: 0)),
        (["4,2", "4,1"], ResourceRuleError.notOwner(squareID: 0, ownerID: nil)),
    ] as [([String], ResourceRuleError)])
    func refusedMergesChangeNothing(_ positions: [String], _ expected: ResourceRuleError) throws {
        let fixture = try Fixture()
        let before = try fixture.snapshot()
        #expect(throws: ResourceRuleError.self) { try fixture.merge(positions) }
        do {
            _ = try fixture.merge(positions)
        } catch let error as ResourceRuleError {
            #expect(Self.sameCase(error, expected), "\(error)")
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test func lockedAndAlreadyMergedSquaresAreRefused() throws {
        let fixture = try Fixture()
        let listed = fixture.ids["0,1"] ?? 0
        try fixture.database.writer.performAndWait { transaction in
            try SquareLocks.acquire(squareID: listed, holder: "listing:9", now: MergesTests.now, in: transaction)
        }
        #expect(throws: ResourceRuleError.squareLocked(squareID: listed, holder: "listing:9")) {
            try fixture.merge(["0,0", "0,1"])
        }
        _ = try fixture.merge(["1,0", "2,0"])
        #expect(throws: ResourceRuleError.self) { try fixture.merge(["1,1", "1,0"]) }
        try fixture.database.writer.performAndWait { transaction in
            _ = try SquareLocks.release(squareID: listed, holder: "listing:9", in: transaction)
        }
        _ = try fixture.merge(["0,0", "0,1"])
        #expect(try fixture.database.auditViolations() == [])
    }

    @Test func aMergeWithoutEnoughGoldChangesNothing() throws {
        let fixture = try Fixture()
        var configuration = ResourceConfiguration()
        configuration.mergeGoldPerSquare = 600
        let before = try fixture.snapshot()
        #expect(throws: GameError.self) { try fixture.merge(["0,0", "1,0"], configuration: configuration) }
        #expect(try fixture.snapshot() == before)
    }

    @Test func mergedSquaresYieldTheirBonus() throws {
        let fixture = try Fixture()
        let farms = try fixture.database.read { connection in
            try connection.query("SELECT id FROM land_squares WHERE id IN (?1, ?2)",
                                 [fixture.ids["0,0"] ?? 0, fixture.ids["1,0"] ?? 0])
        }
        #expect(farms.count == 2)
        try fixture.database.execute(
            """
            UPDATE land_squares SET resource_kind = 'farm', farm_level = 2, farm_next_harvest_at = ?3,
                mine_remaining_ore = NULL, mine_depletion_rate = NULL, oil_capacity = NULL, oil_extraction_rate = NULL,
                oil_technology_level = NULL WHERE id IN (?1, ?2)
            """, [fixture.ids["0,0"] ?? 0, fixture.ids["1,0"] ?? 0, MergesTests.now])
        _ = try fixture.merge(["0,0", "1,0"])
        _ = try fixture.database.runResources(now: MergesTests.now, configuration: ResourceConfiguration())
        // Two level-2 farms: 2 x 20 wheat, plus 5% each (20 * 105 / 100 = 21).
        #expect(try fixture.database.holdings(fixture.ada.id).available[.wheat] == 42)
    }

    @Test(arguments: [
        ([(0, 0), (1, 0), (1, 1)], true), ([(0, 0), (1, 1)], false), ([(0, 0), (0, 1), (0, 2), (5, 5)], false),
        ([(3, 3)], true), ([(0, 0), (2, 0), (1, 0)], true),
    ] as [([(Int64, Int64)], Bool)])
    func contiguity(_ positions: [(Int64, Int64)], _ expected: Bool) {
        #expect(Merges.isContiguous(positions) == expected)
    }

    static func sameCase(_ left: ResourceRuleError, _ right: ResourceRuleError) -> Bool {
        caseName(left) == caseName(right)
    }

    static func caseName(_ error: ResourceRuleError) -> String {
        switch error {
        case .notAdjacent: "notAdjacent"
        case .notOwner: "notOwner"
        case .squareLocked: "squareLocked"
        case .alreadyMerged: "alreadyMerged"
        case .mergeSize: "mergeSize"
        case .duplicateSquare: "duplicateSquare"
        case .upgradeNotApplicable: "upgradeNotApplicable"
        case .upgradeAtMaximum: "upgradeAtMaximum"
        }
    }
}

@Suite struct MergesDetachTests {
    @Test func detachingKeepsAContiguousRestAndDissolvesTheOthers() throws {
        let fixture = try MergesTests.Fixture()
        let merge = try fixture.merge(["0,0", "1,0", "2,0", "1,1"])
        let configuration = ResourceConfiguration()
        let leaf = fixture.ids["1,1"] ?? 0
        let changed = try fixture.database.writer.performAndWait { transaction in
            try Merges.detach(squareID: leaf, configuration: configuration, in: transaction)
        }
        #expect(Set(changed) == Set(merge.squareIDs))
        let rest = fixture.squares(["0,0", "1,0", "2,0"]).sorted()
        #expect(try fixture.database.read { try World.square(id: rest[0], in: $0) }.merges == rest)
        #expect(try fixture.database.read { try World.square(id: leaf, in: $0) }.merges == [])
        #expect(try fixture.database.auditViolations() == [])
        try fixture.database.expectSquareObjectsCurrent("merge, then detach")
        let middle = fixture.ids["1,0"] ?? 0
        try fixture.database.writer.performAndWait { transaction in
            _ = try Merges.detach(squareID: middle, configuration: configuration, in: transaction)
        }
        #expect(try fixture.database.count("land_merges") == 0)
        #expect(try fixture.database.read { try World.square(id: rest[0], in: $0) }.merges == [])
        #expect(try fixture.database.auditViolations() == [])
        _ = try fixture.merge(["0,0", "1,0"])
        try fixture.database.expectSquareObjectsCurrent("detach that dissolves the plot, then merge")
    }
}
