@testable import Game
import Store
import StoreTesting
import Testing

/// The statements of the read hot paths (an area of squares, one square, the auctions list, a market book): how many
/// each runs, counted by SQLite's statement trace, and the plan SQLite picks for each, on the migrated schema.
/// A change that adds a statement (an N+1 query), loses an index, or makes SQLite sort in a temporary B-tree fails
/// here before it shows in a benchmark.
@Suite struct ReadPathPlanTests {
    @Test func anAreaIsOneStatementThatSeeksEachRowOfTheAreaInOrder() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let (squares, statements) = try connection.recordingStatements {
                try World.squares(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection)
            }
            #expect(statements.count == 1, "\(statements)")
            // The same squares, in the same (y, x) order, as the plain range query gives.
            let expected = try connection.query(
                "SELECT id FROM land_squares WHERE x BETWEEN -5 AND 4 AND y BETWEEN -5 AND 4 ORDER BY y, x"
            ).map { try $0.int64("id") }
            #expect(squares.count == 100)
            #expect(squares.map(\.id) == expected)
            // The area's rows from `json_each` (a virtual table: no temporary B-tree), each sought in the (y, x) index.
            let plan = try QueryPlan(of: World.areaSQL, [World.areaRows(minY: -5, maxY: 4), Int64(-5), Int64(4)],
                                     in: connection)
            #expect(plan.details == ["SCAN area_rows VIRTUAL TABLE INDEX 1:",
                                     "SEARCH s USING INDEX land_squares_y_x (y=? AND x>? AND x<?)"], "\(plan)")
            #expect(plan.scans.isEmpty, "\(plan)")
            #expect(plan.temporaryBTrees.isEmpty, "\(plan)")
            #expect(World.areaRows(minY: -2, maxY: 1) == "[-2,-1,0,1]")
            #expect(World.areaRows(minY: 7, maxY: 7) == "[7]")
        }
    }

    /// The route's read: one statement over the same `(y, x)` index seeks, one cell a square (its stored object), in
    /// the same order; the stale squares' partial index is what the pre-commit step and the backfill seek.
    @Test func theRoutesAreaReadIsOneStatementOfStoredObjectsInOrder() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            var bytes: [UInt8] = []
            let (count, statements) = try connection.recordingStatements {
                try World.writeSquareObjects(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection, into: &bytes)
            }
            #expect(count == 100)
            #expect(statements.count == 1, "\(statements)")
            var expected: [UInt8] = []
            for (index, square) in try World.squares(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection).enumerated() {
                if index > 0 { expected.append(UInt8(ascii: ",")) }
                SquareJSON.write(square, into: &expected)
            }
            #expect(bytes == expected)
            let plan = try QueryPlan(of: World.areaObjectSQL, [World.areaRows(minY: -5, maxY: 4), Int64(-5), Int64(4)],
                                     in: connection)
            #expect(plan.details == ["SCAN area_rows VIRTUAL TABLE INDEX 1:",
                                     "SEARCH s USING INDEX land_squares_y_x (y=? AND x>? AND x<?)"], "\(plan)")
            let stale = try QueryPlan(of: SquareObjects.staleSQL, [Int64(256)], in: connection)
            #expect(stale.details == ["SCAN land_squares USING INDEX land_squares_json_stale"], "\(stale)")
            #expect(stale.temporaryBTrees.isEmpty, "\(stale)")
            let probe = try QueryPlan(of: SquareObjects.anyStaleSQL, [], in: connection)
            #expect(probe.details == ["SCAN land_squares USING INDEX land_squares_json_stale"], "\(probe)")
        }
    }

    @Test(arguments: [(-32, -32, -32, -32), (20, -3, 31, 6), (-40, -40, -30, -30), (31, 31, 40, 40)])
    func areasAtTheEdgesGiveWhatTheRangeQueryGives(area: (Int64, Int64, Int64, Int64)) throws {
        let database = try GameDatabase(seed: 1)
        let (minX, minY, maxX, maxY) = area
        try database.read { connection in
            let squares = try World.squares(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: connection)
            let expected = try connection.query(
                "SELECT id FROM land_squares WHERE x BETWEEN ? AND ? AND y BETWEEN ? AND ? ORDER BY y, x",
                [minX, maxX, minY, maxY]
            ).map { try $0.int64("id") }
            #expect(squares.map(\.id) == expected)
        }
    }

    @Test func oneSquareIsOneLookupByPrimaryKey() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let (square, statements) = try connection.recordingStatements { try World.square(id: 7, in: connection) }
            #expect(square.id == 7)
            #expect(statements.count == 1, "\(statements)")
            let plan = try QueryPlan(of: "SELECT \(LandSquare.columns) FROM land_squares WHERE id = ?", [Int64(7)],
                                     in: connection)
            #expect(plan.details == ["SEARCH land_squares USING INTEGER PRIMARY KEY (rowid=?)"], "\(plan)")
        }
    }

    /// Auctions of every list: three open ones (bids on two), one settled; the list must show what one auction's own
    /// reads (`find`, `bids`) show, in two statements whatever the page's length.
    @Test func theAuctionsListIsTwoStatementsWhateverItsLength() throws {
        let fixture = try AuctionFixture()
        let ada = try fixture.database.register("ada", gold: 1_000)
        let bob = try fixture.database.register("bob", gold: 1_000)
        let squares = try fixture.openSquares(6)
        // Longer than the anti-sniping window, so its bid does not move its end.
        let settled = try fixture.create("open", squares: [squares[0]], seconds: 120)
        try fixture.bid(settled, ada, 30)
        var open: [Auction] = []
        for (index, square) in squares[1...3].enumerated() {
            open.append(try fixture.create(index == 1 ? "blind" : "open", squares: [square], seconds: 300 - Int64(index)))
        }
        let pair = try fixture.create("open", squares: [squares[5], squares[4]], seconds: 400)
        #expect(pair.landSquares == [squares[4], squares[5]])
        try fixture.bid(open[0], ada, 10)
        try fixture.bid(open[0], bob, 20)
        try fixture.bid(open[0], ada, 40)
        try fixture.bid(open[1], bob, 15)
        fixture.now += 121_000
        _ = try fixture.settle(settled)
        try fixture.database.read { connection in
            for filter in [true, false, nil] as [Bool?] {
                for limit in [1, 2, 50] {
                    let (entries, statements) = try connection.recordingStatements {
                        try Auctions.listWithBids(open: filter, limit: limit, in: connection)
                    }
                    // The page, then its bids (none to read for an empty page).
                    #expect(statements.count == (entries.isEmpty ? 1 : 2), "\(statements)")
                    // What one auction's own reads give, in the list's order.
                    let expected = try entries.map { entry in
                        AuctionListEntry(auction: try #require(try Auctions.find(id: entry.auction.id, in: connection)),
                                         bids: try Auctions.bids(auctionID: entry.auction.id, in: connection))
                    }
                    #expect(entries == expected)
                    #expect(entries.count <= limit)
                }
            }
            let openEntries = try Auctions.listWithBids(open: true, limit: 50, in: connection)
            #expect(openEntries.map(\.auction.id) == open.map(\.id).reversed() + [pair.id])   // soonest end first
            #expect(openEntries[2].bids.map(\.amount) == [10, 20, 40])
            #expect(openEntries[3].auction.landSquares == [squares[4], squares[5]])
            #expect(try Auctions.listWithBids(open: false, limit: 50, in: connection).map(\.auction.id) == [settled.id])
            let all = try Auctions.list(open: nil, limit: 50, in: connection)
            #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
            #expect(all.count == 5)
            let (_, bidStatements) = try connection.recordingStatements {
                try Auctions.bids(auctionID: open[0].id, in: connection)
            }
            #expect(bidStatements.count == 1)
        }
    }

    /// The plans of the auctions list: each reads `auctions` through `auctions_status_end` (merging the open
    /// statuses' runs, already in `end_time, id` order) or walks the table backwards by id to its `LIMIT` (the
    /// newest-first lists, the only scans), squares by `auction_squares`' primary key and bids by
    /// `auction_bids_auction`; none sorts in a temporary B-tree.
    @Test func theAuctionsListPlansUseIndexesAndNoTemporaryBTree() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let limit: [any SQLiteBindable] = [Int64(50)]
            let openPage = try QueryPlan(of: Auctions.ListSQL.page(.open), limit, in: connection)
            #expect(openPage.mentions("MERGE (UNION ALL)"), "\(openPage)")
            #expect(openPage.details.filter { $0.hasPrefix("SEARCH a ") }
                == Array(repeating: "SEARCH a USING INDEX auctions_status_end (status=?)", count: 2), "\(openPage)")
            for sql in [Auctions.ListSQL.page(.open), Auctions.ListSQL.page(.closed), Auctions.ListSQL.page(.all)] {
                let plan = try QueryPlan(of: sql, limit, in: connection)
                #expect(plan.temporaryBTrees.isEmpty, "\(plan)")
                #expect(plan.mentions("SEARCH q USING PRIMARY KEY (auction_id=?)"), "\(plan)")
                #expect(plan.scans.allSatisfy { $0 == "SCAN a" }, "\(plan)")
            }
            for filter in [Auctions.ListFilter.open, .closed, .all] {
                let plan = try QueryPlan(of: Auctions.ListSQL.bids(filter), limit, in: connection)
                #expect(plan.details.first == "SEARCH auction_bids USING INDEX auction_bids_auction (auction_id=?)",
                        "\(plan)")
                #expect(plan.temporaryBTrees.isEmpty, "\(plan)")
                // Scans only of the page's own subquery or of the table backwards to its LIMIT.
                #expect(plan.scans.allSatisfy { $0 == "SCAN auctions" || $0.hasPrefix("SCAN (subquery-") }, "\(plan)")
            }
            let bids = try QueryPlan(of: Auctions.bidsSQL, [Int64(1)], in: connection)
            #expect(bids.details == ["SEARCH auction_bids USING INDEX auction_bids_auction (auction_id=?)"], "\(bids)")
            let squares = try QueryPlan(
                of: "SELECT square_id FROM auction_squares WHERE auction_id = ? ORDER BY square_id", [Int64(1)],
                in: connection)
            #expect(squares.details == ["SEARCH auction_squares USING PRIMARY KEY (auction_id=?)"], "\(squares)")
        }
    }

    /// The check above fires: the list as it was (both open statuses through one `IN`) sorted in a temporary B-tree.
    @Test func theTemporaryBTreeCheckFiresOnTheOldOpenList() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let plan = try QueryPlan(
                of: "SELECT \(Auction.columns) FROM auctions WHERE status IN ('scheduled', 'in-progress') ORDER BY end_time, id LIMIT ?",
                [Int64(50)], in: connection)
            #expect(plan.temporaryBTrees == ["USE TEMP B-TREE FOR ORDER BY"], "\(plan)")
        }
    }

    @Test func aMarketBookIsTwoStatementsReadingEachSideInPriceOrder() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let (depth, statements) = try connection.recordingStatements {
                try OrderBook.depth(.wheat, levels: 20, in: connection)
            }
            #expect(depth.bids.isEmpty && depth.asks.isEmpty)
            #expect(statements.count == 2, "\(statements)")
            let buy = try QueryPlan(of: OrderBook.depthSQL.buy, ["wheat", Int64(20)], in: connection)
            #expect(buy.details == ["SEARCH market_orders USING INDEX market_orders_bids (resource=?)"], "\(buy)")
            let sell = try QueryPlan(of: OrderBook.depthSQL.sell, ["wheat", Int64(20)], in: connection)
            #expect(sell.details == ["SEARCH market_orders USING INDEX market_orders_asks (resource=?)"], "\(sell)")
        }
    }
}
