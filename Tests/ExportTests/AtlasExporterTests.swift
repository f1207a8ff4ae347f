import Export
import Game
import Mongo
import Store
import Testing

/// The export run: everything once, then only changes; the watermark; failures; secrecy of running auctions.
@Suite struct AtlasExporterTests {
    @Test func exportsEverythingOnceThenOnlyNewChanges() throws {
        let world = try ExportTestWorld()
        _ = try world.register("alice")
        let first = try #require(try world.exporter.runOnce())
        let squares = try world.count("SELECT count(*) AS n FROM land_squares")
        #expect((first.documents["squares"] ?? 0) >= squares)
        #expect(world.destination.documents("squares").count == squares)
        #expect(try world.watermark.cursors["squares"] == Int64(try world.count("SELECT max(id) AS n FROM land_squares")))
        #expect(world.destination.documents("players").contains { $0["username"] == .string("alice") })
        #expect(try world.watermark.sequence == Int64(try world.count("SELECT coalesce(max(seq), 0) AS n FROM export_changes")))
        #expect(try world.watermark.lastSuccessAt == ExportTestWorld.epoch)

        let idle = try #require(try world.exporter.runOnce())
        #expect(idle.totalDocuments == 0)
        _ = try world.register("bob")
        let second = try #require(try world.exporter.runOnce())
        #expect(second.documents == ["players": 1])
        #expect(world.registry.exposition().contains("worldgame_export_documents_total{collection=\"players\"} 2"))
    }

    @Test func playersCarryNoPasswordHash() throws {
        let world = try ExportTestWorld()
        _ = try world.register("carol")
        try world.exporter.runOnce()
        for player in world.destination.documents("players") {
            #expect(player.keys.sorted() == ["_id", "createdAt", "role", "username"])
            #expect(!String(describing: player).contains("secret"))
        }
    }

    @Test func aRunningBlindAuctionAndItsBidsNeverLeave() throws {
        let world = try ExportTestWorld()
        let (alice, bob) = (try world.register("alice"), try world.register("bob"))
        let square = try #require(try world.writer.performAndWait { transaction in
            try transaction.queryOne("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT 1", [])?.int64("id")
        })
        let now = ExportTestWorld.epoch
        let auction = try world.writer.performAndWait { transaction in
            try Auctions.create(NewAuction(auctionType: "blind", landSquares: [square], startTime: now, endTime: now + 60_000,
                                           reservePrice: 0, minIncrement: nil),
                                rules: AuctionRules(), providers: AuctionProviders.standard, now: now, in: transaction).auction
        }
        for (player, amount) in [(alice, Int64(737)), (bob, Int64(919))] {
            _ = try world.writer.performAndWait { transaction in
                try Auctions.placeBid(auctionID: auction.id, playerID: player.id, amount: amount, rules: AuctionRules(),
                                      providers: AuctionProviders.standard, now: now + 1_000, in: transaction)
            }
        }
        try world.exporter.runOnce()
        #expect(world.destination.documents("auctions").isEmpty)
        let keys = world.destination.state.withLock { state in
            Set(state.collections.values.flatMap { $0.values.flatMap(\.keys) })
        }
        #expect(!keys.contains { $0.lowercased().contains("bid") || $0.lowercased().contains("amount") })

        _ = try world.writer.performAndWait { transaction in
            try Auctions.settle(auctionID: auction.id, rules: AuctionRules(), providers: AuctionProviders.standard,
                                now: now + 61_000, in: transaction)
        }
        try world.exporter.runOnce()
        let settled = try #require(world.destination.documents("auctions").first)
        #expect(settled["status"] == .string("completed"))
        #expect(settled["winnerId"] == .int64(bob.id))
        #expect(settled["finalPrice"] == .int64(919))
        #expect(settled["squareIds"] == .array([.int64(square)]))
        #expect(!String(describing: settled).contains("737"))
    }

    @Test func aFailureMidExportResumesWithoutLossOrDuplicates() throws {
        let clean = try ExportTestWorld(pageSize: 100)
        try clean.exporter.runOnce()
        let cleanState = clean.destination.state.withLock { $0 }

        let world = try ExportTestWorld(pageSize: 100)
        world.destination.state.withLock { $0.failAfterWrites = 3 }
        #expect(throws: RecordingDestination.Dropped.self) { try world.exporter.runOnce() }
        let stopped = try world.watermark
        #expect(stopped.cursors["squares"] != nil && stopped.sequence == 0)
        #expect(world.registry.exposition().contains("worldgame_export_failures_total 1"))

        let resumed = try #require(try world.exporter.runOnce())
        #expect(resumed.pages > 0)
        let state = world.destination.state.withLock { $0 }
        #expect(state.documentsSent == cleanState.documentsSent)  // nothing sent twice: the failed write was never acknowledged.
        #expect(state.collections.mapValues(\.count) == cleanState.collections.mapValues(\.count))  // nothing lost.
        #expect(state.collections["squares"]?.count == (try world.count("SELECT count(*) AS n FROM land_squares")))
        #expect(try world.watermark.sequence == Int64(try world.count("SELECT coalesce(max(seq), 0) AS n FROM export_changes")))
    }

    @Test func anUnchangedResourceCounterIsNotAChange() throws {
        let world = try ExportTestWorld()
        try world.exporter.runOnce()
        _ = try world.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET farm_next_harvest_at = farm_next_harvest_at + 1 WHERE resource_kind = 'farm'", [])
        }
        #expect(try world.exporter.runOnce()?.totalDocuments == 0)
        _ = try world.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET is_locked = 1 WHERE id = (SELECT min(id) FROM land_squares)", [])
        }
        #expect(try world.exporter.runOnce()?.documents == ["squares": 1])
    }
}
