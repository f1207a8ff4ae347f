import Foundation
import Game
import Store
import Testing

/// `Ledger.entries` (Ledger+Entries.swift) and `World.squares(ownedBy:)` (World+Owned.swift) on a real database:
/// signed legs merged across accounts newest first, pages that never split a self-transfer, the market maker shown
/// as the system, and owned squares bounded with their total.
@Suite struct LedgerEntriesTests {
    static func entries(_ database: GameDatabase, _ playerID: Int64, before: Int64? = nil, limit: Int = 200)
        throws -> LedgerEntryPage {
        try database.read { try Ledger.entries(playerID: playerID, before: before, limit: limit, in: $0) }
    }

    @Test func legsOfEveryAccountMergeNewestFirstWithSignedAmounts() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice", gold: 100)
        let bob = try database.register("bob", gold: 100)
        try database.writer.performAndWait { transaction in
            try Ledger.grant(7, of: .ore, to: alice.id, reason: .adjustment, reference: nil, now: GameDatabase.epoch + 1,
                             in: transaction)
            let from = try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: transaction)
            let to = try Ledger.playerAccount(playerID: bob.id, .available, .gold, in: transaction)
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: from.id, toAccountID: to.id, amount: 30,
                                                reason: .adjustment, reference: "gift"),
                                now: GameDatabase.epoch + 2, in: transaction)
        }
        let page = try Self.entries(database, alice.id)
        #expect(page.entries.map(\.amount) == [-30, 7, 100])
        #expect(page.entries.map(\.asset) == [.gold, .ore, .gold])
        #expect(page.entries.map(\.counterparty) == [.player, .system, .system])
        #expect(page.entries.map(\.createdAt) == [GameDatabase.epoch + 2, GameDatabase.epoch + 1, GameDatabase.epoch])
        #expect(page.nextBefore == nil)
        let bobs = try Self.entries(database, bob.id)
        #expect(bobs.entries.map(\.amount) == [30, 100])
        #expect(bobs.entries.first?.reference == "gift")
    }

    @Test func aPageKeepsBothLegsOfAMoveBetweenOwnAccounts() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice", gold: 100)
        try database.writer.performAndWait { transaction in
            let available = try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: transaction)
            let escrow = try Ledger.playerAccount(playerID: alice.id, .escrow, .gold, in: transaction)
            try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: available.id, toAccountID: escrow.id,
                                                amount: 40, reason: .adjustment, reference: nil),
                                now: GameDatabase.epoch, in: transaction)
        }
        let first = try Self.entries(database, alice.id, limit: 1)
        #expect(first.entries.map(\.account) == [.available, .escrow])
        #expect(first.entries.map(\.amount) == [-40, 40])
        #expect(first.entries.map(\.counterparty) == [.own, .own])
        let moveID = try #require(first.entries.first?.transferID)
        #expect(first.entries.last?.transferID == moveID)
        #expect(first.nextBefore == moveID)
        let second = try Self.entries(database, alice.id, before: first.nextBefore, limit: 1)
        #expect(second.entries.map(\.reason) == [.startingGrant])
        #expect(second.nextBefore == nil)
    }

    @Test func theMarketMakerIsTheSystemAndForeignOrdersStayHidden() throws {
        let database = try GameDatabase(seed: 1)
        let configuration = {
            var configuration = MarketConfiguration()
            configuration.marketMaker.dailyCapPerPlayer = 10
            return configuration
        }()
        _ = try database.writer.performAndWait { transaction in
            try MarketMaker.prepare(configuration: configuration.marketMaker, now: GameDatabase.epoch, in: transaction)
        }
        let players = try database.marketPlayers(1, gold: 1_000, units: 20)
        let placement = try database.writer.performAndWait { transaction in
            try OrderBook.place(OrderRequest(playerID: players[0], resource: .wheat, side: .sell, price: 1, quantity: 5),
                                configuration: configuration, now: GameDatabase.epoch, in: transaction)
        }
        let trade = try #require(placement.trades.first)
        let trades = try Self.entries(database, players[0]).entries.filter { $0.reason == .marketTrade }
        #expect(trades.count == 2)
        #expect(trades.allSatisfy { $0.counterparty == .system })
        #expect(Set(trades.compactMap(\.reference)) == ["order:\(placement.order.id)", "trade:\(trade.id)"])
    }

    @Test func ownedSquaresAreBoundedAndCounted() throws {
        let database = try GameDatabase(seed: 1)
        let alice = try database.register("alice")
        for squareID in Int64(3)...7 { try database.giveSquare(squareID, to: alice.id) }
        let (squares, total) = try database.read { try World.squares(ownedBy: alice.id, limit: 3, in: $0) }
        #expect(squares.map(\.id) == [3, 4, 5])
        #expect(squares.allSatisfy { $0.ownerID == alice.id })
        #expect(total == 5)
        let none = try database.read { try World.squares(ownedBy: alice.id + 1, limit: 3, in: $0) }
        #expect(none.squares.isEmpty && none.total == 0)
    }
}
