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
            let plan = try QueryPlan(of: World.areaSQL, [Int64(-5), Int64(4), Int64(-5), Int64(4)], in: connection)
            #expect(plan.mentions("SEARCH land_squares USING INDEX land_squares_y_x (y=? AND x>? AND x<?)"), "\(plan)")
            #expect(plan.scans.isEmpty, "\(plan)")
            #expect(plan.temporaryBTrees.isEmpty, "\(plan)")
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

    @Test func theAuctionsListRunsOneStatementPlusOnePerAuction() throws {
        let fixture = try AuctionFixture()
        let squares = try fixture.openSquares(3)
        for square in squares { _ = try fixture.create("open", squares: [square]) }
        try fixture.database.read { connection in
            for open in [true, false, nil] as [Bool?] {
                let (auctions, statements) = try connection.recordingStatements {
                    try Auctions.list(open: open, limit: 50, in: connection)
                }
                // The list, then each auction's squares (the route then reads each auction's bids: one more each).
                #expect(statements.count == 1 + auctions.count, "\(statements)")
            }
            #expect(try Auctions.list(open: true, limit: 50, in: connection).count == 3)
            let (_, bidStatements) = try connection.recordingStatements {
                try Auctions.bids(auctionID: 1, in: connection)
            }
            #expect(bidStatements.count == 1)
        }
    }

    /// The plans of the auctions list as they are: no full table scan except the newest-first list, which walks the
    /// table backwards in rowid order and stops at its `LIMIT`. Two sorts remain (open auctions by end time, an
    /// auction's bids by id) over the rows of one status or one auction; this test fails if either plan changes.
    @Test func theAuctionsListPlansAreKnown() throws {
        let database = try GameDatabase(seed: 1)
        try database.read { connection in
            let columns = Auction.columns
            let open = try QueryPlan(
                of: "SELECT \(columns) FROM auctions WHERE status IN ('scheduled', 'in-progress') ORDER BY end_time, id LIMIT ?",
                [Int64(50)], in: connection)
            #expect(open.details == ["SEARCH auctions USING INDEX auctions_status_end (status=?)",
                                     "USE TEMP B-TREE FOR ORDER BY"], "\(open)")
            let newest = try QueryPlan(of: "SELECT \(columns) FROM auctions ORDER BY id DESC LIMIT ?", [Int64(50)],
                                       in: connection)
            #expect(newest.details == ["SCAN auctions"], "\(newest)")
            let squares = try QueryPlan(
                of: "SELECT square_id FROM auction_squares WHERE auction_id = ? ORDER BY square_id", [Int64(1)],
                in: connection)
            #expect(squares.details == ["SEARCH auction_squares USING PRIMARY KEY (auction_id=?)"], "\(squares)")
            let bids = try QueryPlan(
                of: "SELECT \(AuctionBid.columns) FROM auction_bids WHERE auction_id = ? ORDER BY id", [Int64(1)],
                in: connection)
            #expect(bids.details == ["SEARCH auction_bids USING INDEX auction_bids_auction (auction_id=?)",
                                     "USE TEMP B-TREE FOR ORDER BY"], "\(bids)")
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
