import Dispatch
import Game
import Locking
import Store
import Testing

@Suite struct ExpansionTests {
    static let now = GameDatabase.epoch + 1_000

    @Test func spiralStartsAtTheOriginAndWalksRingsClockwise() {
        let order = Expansion.spiral(rings: 2)
        #expect(order.count == 25)
        #expect(order.prefix(9).map { "\($0.x),\($0.y)" } == ["0,0", "-1,-1", "0,-1", "1,-1", "1,0", "1,1", "0,1", "-1,1", "-1,0"])
        #expect(Set(order.map { "\($0.x),\($0.y)" }).count == 25)
    }

    @Test func belowTheThresholdNothingOpens() throws {
        let database = try GameDatabase(seed: 1)
        let outcome = try database.writer.performAndWait { transaction in
            try Expansion.check(now: ExpansionTests.now, configuration: ResourceConfiguration(), in: transaction).outcome
        }
        #expect(outcome == .belowThreshold(owned: 0, open: 1_024))
    }

    @Test func crossingTheThresholdOpensExactlyOneRegionEvenWhenChecksRace() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada")
        // 717 of the 1,024 open squares owned: 70.02%.
        try database.execute(
            """
            UPDATE land_squares SET owner_id = ?1 WHERE id IN (SELECT s.id FROM land_squares s JOIN regions r
                ON r.id = s.region_id WHERE r.is_open = 1 ORDER BY s.id LIMIT 717)
            """, [player.id])
        // That UPDATE staled more squares than one batch's step stores: the rest as a primary's backfill stores them.
        try SquareObjects.backfill(writer: database.writer)
        let outcomes = Locked<[ExpansionOutcome]>([])
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            database.writer.submit({ transaction in
                try Expansion.check(now: ExpansionTests.now, configuration: ResourceConfiguration(), in: transaction).outcome
            }, completion: { result in
                if case .success(let outcome) = result { outcomes.withLock { $0.append(outcome) } }
                group.leave()
            })
        }
        group.wait()
        let results = outcomes.withLock { $0 }
        let opened = results.compactMap { outcome -> Region? in
            if case .opened(let region) = outcome { return region }
            return nil
        }
        #expect(opened.count == 1)
        #expect(results.count == 2)
        let region = try #require(opened.first)
        // The demo opens the four regions touching the origin; the spiral's next is (1, -1).
        #expect(region.regionX == 1 && region.regionY == -1)
        #expect(region.isOpen && region.openedAt == ExpansionTests.now)
        let squares = try database.read {
            try World.squares(minX: region.minX, minY: region.minY, maxX: region.maxX, maxY: region.maxY, in: $0)
        }
        #expect(squares.count == 256)
        #expect(squares.allSatisfy { !$0.isLocked && ($0.nextAuctionAt ?? 0) > ExpansionTests.now })
        #expect(try database.auditViolations() == [])
        try database.expectSquareObjectsCurrent("expansion")
    }

    @Test func anEmptyWorldGeneratesTheOriginRegion() throws {
        let database = try GameDatabase(seed: 7, isDemo: false)
        let outcome = try database.writer.performAndWait { transaction in
            try Expansion.check(now: ExpansionTests.now, configuration: ResourceConfiguration(), in: transaction).outcome
        }
        guard case .opened(let region) = outcome else {
            Issue.record("expected a region, got \(outcome)")
            return
        }
        #expect(region.regionX == 0 && region.regionY == 0 && region.squareCount == 256)
        let later = ExpansionTests.now + ResourceConfiguration().expansionCooldownMilliseconds
        let next = try database.writer.performAndWait { transaction in
            try Expansion.check(now: later, configuration: ResourceConfiguration(), in: transaction).outcome
        }
        #expect(next == .belowThreshold(owned: 0, open: 256))
    }
}
