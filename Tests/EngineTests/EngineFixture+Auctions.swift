import Engine
import Game
import Jobs

/// Auctions of an engine fixture, created and bid on through its `AuctionService`.
extension EngineFixture {
    func openSquares(_ count: Int) throws -> [Int64] {
        try read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?", [Int64(count)])
                .map { try $0.int64("id") }
        }
    }

    func create(_ type: String, squares: [Int64], seconds: Int64, reserve: Int64 = 0) throws -> Auction {
        let now = clock.now.rawValue
        return try wait { completion in
            auctions.createAuction(NewAuction(auctionType: type, landSquares: squares, startTime: now,
                                              endTime: now + seconds * 1000, reservePrice: reserve),
                                   completion: completion)
        }
    }

    @discardableResult
    func bid(_ auctionID: Int64, _ player: Player, _ amount: Int64) throws -> BidOutcome {
        try wait { completion in
            auctions.placeBid(auctionID: auctionID, playerID: player.id, amount: amount, completion: completion)
        }
    }

    func auction(_ id: Int64) throws -> Auction? { try read { try Auctions.find(id: id, in: $0) } }

    func jobs(kind: String) throws -> [Job] {
        try read { try JobTable.list(state: nil, kind: kind, limit: 10_000, in: $0) }
    }

    func escrow(_ player: Player) throws -> Int64 {
        try read { try Ledger.holdings(playerID: player.id, in: $0) }.escrow[.gold] ?? 0
    }
}
