import Foundation
import Game
import Store

/// A demo world with players and helpers to run auction rules as writer commands, for the Game auction tests.
final class AuctionFixture {
    let database: GameDatabase
    var rules = AuctionRules()
    /// The marketplace rules whose fee an owner's auction pays.
    var market = MarketConfiguration()
    let providers = AuctionProviders.standard
    var now = GameDatabase.epoch

    init() throws {
        database = try GameDatabase(seed: 1)
    }

    /// The first `count` unlocked, unowned square ids.
    func openSquares(_ count: Int) throws -> [Int64] {
        try database.read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?", [Int64(count)])
                .map { try $0.int64("id") }
        }
    }

    /// A game auction of unowned `squares`, or (with `owner`) that owner's own auction.
    func create(_ type: String, squares: [Int64], seconds: Int64 = 60, reserve: Int64 = 0,
                increment: Int64? = nil, owner: Player? = nil) throws -> Auction {
        let request = NewAuction(auctionType: type, landSquares: squares, startTime: now, endTime: now + seconds * 1000,
                                 reservePrice: reserve, minIncrement: increment, ownerID: owner?.id)
        let (rules, providers, now) = (rules, providers, now)
        return try database.writer.performAndWait { transaction in
            try Auctions.create(request, rules: rules, providers: providers, now: now, in: transaction).auction
        }
    }

    @discardableResult
    func bid(_ auction: Auction, _ player: Player, _ amount: Int64) throws -> BidOutcome {
        let (rules, providers, now) = (rules, providers, now)
        return try database.writer.performAndWait { transaction in
            try Auctions.placeBid(auctionID: auction.id, playerID: player.id, amount: amount, rules: rules,
                                  providers: providers, now: now, in: transaction)
        }
    }

    func settle(_ auction: Auction) throws -> SettlementOutcome {
        let (rules, providers, market, now) = (rules, providers, market, now)
        return try database.writer.performAndWait { transaction in
            try Auctions.settle(auctionID: auction.id, rules: rules, providers: providers, market: market, now: now,
                                in: transaction)
        }
    }

    func holdings(_ player: Player) throws -> (available: Int64, escrow: Int64) {
        let holdings = try database.read { try Ledger.holdings(playerID: player.id, in: $0) }
        return (holdings.available[.gold] ?? 0, holdings.escrow[.gold] ?? 0)
    }

    func system(_ kind: AccountKind) throws -> Int64 {
        try database.read { try Ledger.systemAccount(kind, .gold, in: $0).balance }
    }

    func auction(_ id: Int64) throws -> Auction? {
        try database.read { try Auctions.find(id: id, in: $0) }
    }

    func square(_ id: Int64) throws -> LandSquare {
        try database.read { try World.square(id: id, in: $0) }
    }

    /// The names of failed audit checks (empty when `worldgame verify` would pass).
    func failedChecks() throws -> [String] {
        try database.read { try LedgerAudit.run(in: $0) }.filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
    }
}
