import Game
import Store
import Testing

@Suite struct ResourceRunsTests {
    static let hour: Int64 = 3_600_000
    static let now = GameDatabase.epoch + 10 * hour

    /// A small chunk size so the demo world (4,096 squares) takes many chunks.
    static var configuration: ResourceConfiguration {
        var configuration = ResourceConfiguration()
        configuration.chunkSquares = 300
        return configuration
    }

    @Test func yieldsGoExactlyToOwnersAndUnownedSquaresYieldNothing() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada", gold: 0)
        let farm = try database.firstSquare(kind: "farm")
        let mine = try database.firstSquare(kind: "mine")
        let oil = try database.firstSquare(kind: "oil_field")
        for square in [farm, mine, oil] {
            try database.execute("UPDATE land_squares SET owner_id = ?2 WHERE id = ?1", [square.id, player.id])
        }
        try database.execute("UPDATE land_squares SET farm_next_harvest_at = ?2 WHERE id = ?1", [farm.id, Self.now])
        try database.execute("UPDATE land_squares SET produced_until = ?2 WHERE id = ?1", [mine.id, Self.now - 2 * Self.hour])
        try database.execute("UPDATE land_squares SET produced_until = ?2 WHERE id = ?1", [oil.id, Self.now - Self.hour])

        let run = try database.runResources(now: Self.now, configuration: Self.configuration)

        guard case .farm(let level, _) = farm.resource, case .mine(let ore, let rate) = mine.resource,
              case .oilField(_, let extraction, let technology) = oil.resource else {
            Issue.record("unexpected resources")
            return
        }
        let holdings = try database.holdings(player.id)
        #expect(holdings.available[.wheat] == level * 10)
        #expect(holdings.available[.ore] == min(ore, 2 * rate))
        #expect(holdings.available[.oil] == ResourceRules.oilPerPeriod(
            extractionRate: extraction, technologyLevel: technology, configuration: Self.configuration))
        #expect(run.status == .completed)
        #expect(run.chunks == (run.lastSquareID + 299) / 300)
        #expect(run.failedItems == 0)
        #expect(run.yieldedWheat == level * 10)
        let yieldTransfers = try database.read {
            try $0.queryOne("SELECT count(*) AS n FROM transfers WHERE reason = 'resource_yield'")?.int64("n")
        }
        #expect(yieldTransfers == 3)
        #expect(try database.auditViolations() == [])
        let after = try database.read { try World.square(id: mine.id, in: $0) }
        #expect(after.resource == .mine(remainingOre: ore - min(ore, 2 * rate), depletionRate: rate))
        try database.expectSquareObjectsCurrent("resource run")
    }

    @Test func aSecondRunAtTheSameInstantPaysNothingMore() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada", gold: 0)
        let farm = try database.firstSquare(kind: "farm")
        try database.execute("UPDATE land_squares SET owner_id = ?2, farm_next_harvest_at = ?3 WHERE id = ?1",
                             [farm.id, player.id, Self.now])
        _ = try database.runResources(now: Self.now, configuration: Self.configuration)
        let first = try database.holdings(player.id)
        _ = try database.runResources(now: Self.now, configuration: Self.configuration)
        #expect(try database.holdings(player.id) == first)
        #expect((first.available[.wheat] ?? 0) > 0)
    }

    @Test func aStaleChunkChangesNothing() throws {
        let database = try GameDatabase(seed: 1)
        let start = try database.writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: Self.now, now: Self.now, configuration: Self.configuration, in: transaction)
        }
        guard case .started(let run, nil) = start else {
            Issue.record("no run started")
            return
        }
        let stale = try database.writer.performAndWait { transaction in
            try ResourceChunk.process(runID: run.id, expectedCursor: run.cursor + 1, now: Self.now,
                                      configuration: Self.configuration, in: transaction)?.run
        }
        #expect(stale == nil)
        let again = try database.writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: Self.now, now: Self.now, configuration: Self.configuration, in: transaction)
        }
        #expect(again == .alreadyRunning(run))
    }

    @Test func aStalledRunIsFailedAndReplaced() throws {
        let database = try GameDatabase(seed: 1)
        let configuration = Self.configuration
        _ = try database.writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: Self.now, now: Self.now, configuration: configuration, in: transaction)
        }
        let later = Self.now + configuration.stalledRunMilliseconds
        let start = try database.writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: later, now: later, configuration: configuration, in: transaction)
        }
        guard case .started(let run, let replaced?) = start else {
            Issue.record("expected a replacement, got \(start)")
            return
        }
        #expect(replaced.status == .failed)
        #expect(replaced.error?.hasPrefix("stalled") == true)
        #expect(run.status == .running)
        #expect(try database.read { try ResourceRuns.list(limit: 10, in: $0) }.map(\.id) == [run.id, replaced.id])
    }

    @Test func aDepletedMineIsReplacedDeterministicallyInItsRegion() throws {
        var placed: [Int64] = []
        for _ in 0..<2 {
            let database = try GameDatabase(seed: 1)
            let player = try database.register("ada", gold: 0)
            let mine = try database.firstSquare(kind: "mine")
            try database.execute(
                "UPDATE land_squares SET owner_id = ?2, mine_remaining_ore = 7, produced_until = ?3 WHERE id = ?1",
                [mine.id, player.id, Self.now - Self.hour])
            let activeBefore = try activeMines(database, region: mine.regionID)
            let emptyBefore = try emptySquares(database, region: mine.regionID)
            let run = try database.runResources(now: Self.now, configuration: Self.configuration)
            #expect(run.newDeposits == 1)
            #expect(try database.holdings(player.id).available[.ore] == 7)
            #expect(try activeMines(database, region: mine.regionID) == activeBefore)
            let filled = emptyBefore.subtracting(try emptySquares(database, region: mine.regionID))
            #expect(filled.count == 1)
            placed.append(try #require(filled.first))
            #expect(try database.auditViolations() == [])
            try database.expectSquareObjectsCurrent("resource run that depletes a mine, and the rebalancer")
        }
        #expect(placed[0] == placed[1])
    }

    private func emptySquares(_ database: GameDatabase, region: Int64) throws -> Set<Int64> {
        try database.read {
            Set(try $0.query("SELECT id FROM land_squares WHERE region_id = ?1 AND resource_kind IS NULL", [region])
                .map { try $0.int64("id") })
        }
    }

    private func activeMines(_ database: GameDatabase, region: Int64) throws -> Int64 {
        try database.read {
            try $0.queryOne("SELECT count(*) AS n FROM land_squares WHERE region_id = ?1 AND mine_remaining_ore > 0",
                            [region])?.int64("n") ?? -1
        }
    }
}
