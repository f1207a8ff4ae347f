import Foundation
import Game
import Store
import Testing

/// `Ledger.move` does what `Ledger.transfer` does on the same accounts: the same balances and `transfers` row when it
/// succeeds, the same error and nothing changed when it does not.
@Suite struct LedgerMoveTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var amount: Int64
        var asset: Asset = .gold
        var from: Key
        var to: Key
        var expected: GameError?
        var description: String { name }
    }

    /// A key naming alice's or bob's account, a system account, an id of alice's wheat, or a missing player.
    enum Key: Sendable {
        case alice(AccountKind), bob(AccountKind), system(AccountKind), aliceWheatID, aliceGoldID, nobody
    }

    @Test(arguments: [
        Case(name: "available to escrow", amount: 400, from: .alice(.available), to: .alice(.escrow)),
        Case(name: "all of it to another player", amount: 1_000, from: .alice(.available), to: .bob(.available)),
        Case(name: "to the fees", amount: 1, from: .alice(.available), to: .system(.fees)),
        Case(name: "the mint goes negative", amount: 5_000, from: .system(.mint), to: .bob(.escrow)),
        Case(name: "too much", amount: 1_001, from: .alice(.available), to: .alice(.escrow),
             expected: .insufficientFunds(accountID: 0, asset: .gold, available: 1_000, requested: 1_001)),
        Case(name: "empty escrow", amount: 1, from: .alice(.escrow), to: .alice(.available),
             expected: .insufficientFunds(accountID: 0, asset: .gold, available: 0, requested: 1)),
        Case(name: "zero", amount: 0, from: .alice(.available), to: .alice(.escrow), expected: .invalidAmount(amount: 0)),
        Case(name: "same account", amount: 1, from: .alice(.available), to: .alice(.available),
             expected: .sameAccount(accountID: 0)),
        Case(name: "same account named twice", amount: 1, from: .aliceGoldID, to: .alice(.available),
             expected: .sameAccount(accountID: 0)),
        Case(name: "other asset by id", amount: 1, from: .alice(.available), to: .aliceWheatID,
             expected: .assetMismatch(accountID: 0, accountAsset: .wheat, transferAsset: .gold)),
        Case(name: "missing source", amount: 1, from: .nobody, to: .alice(.escrow), expected: .playerNotFound(playerID: 9_999)),
        Case(name: "missing destination", amount: 1, from: .alice(.available), to: .nobody,
             expected: .playerNotFound(playerID: 9_999)),
    ])
    func moveMatchesTransfer(_ testCase: Case) throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        let bob = try database.register("bob")
        let wheatID = try database.read { try Ledger.playerAccount(playerID: alice.id, .available, .wheat, in: $0).id }
        let goldID = try database.read { try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: $0).id }
        func key(_ key: Key) -> LedgerAccountKey {
            switch key {
            case .alice(let kind): .player(alice.id, kind)
            case .bob(let kind): .player(bob.id, kind)
            case .system(let kind): .system(kind)
            case .aliceWheatID: .id(wheatID)
            case .aliceGoldID: .id(goldID)
            case .nobody: .player(9_999, .available)
            }
        }
        let balancesBefore = try balances(database)
        let transfersBefore = try database.count("transfers")
        let (from, to) = (key(testCase.from), key(testCase.to))
        let (amount, asset) = (testCase.amount, testCase.asset)
        let result = Result { () throws -> Int64 in
            try database.writer.performAndWait { transaction throws -> Int64 in
                try Ledger.move(amount, asset, from: from, to: to, reason: .adjustment, reference: "test",
                                now: GameDatabase.epoch, in: transaction)
            }
        }
        let balancesAfter = try balances(database)
        switch (result, testCase.expected) {
        case (.success(let transferID), nil):
            let row = try #require(try database.read {
                try $0.queryOne("SELECT from_account_id, to_account_id, amount, asset, reason, reference FROM transfers WHERE id = ?",
                                [transferID])
            })
            let fromID = try row.int64("from_account_id")
            let toID = try row.int64("to_account_id")
            #expect(try row.int64("amount") == testCase.amount && row.string("reference") == "test")
            #expect(fromID != toID)
            #expect(balancesAfter[fromID] == (balancesBefore[fromID] ?? 0) - testCase.amount)
            #expect(balancesAfter[toID] == (balancesBefore[toID] ?? 0) + testCase.amount)
            #expect(try database.count("transfers") == transfersBefore + 1)
        case (.failure(let error as GameError), let expected?):
            #expect(Self.sameCase(error, expected), "got \(error)")
            #expect(balancesAfter == balancesBefore)
            #expect(try database.count("transfers") == transfersBefore)
        default:
            Issue.record("unexpected result \(result) for \(testCase)")
        }
        #expect(try database.read { try LedgerAudit.run(in: $0) }.allSatisfy { $0.passed })
    }

    /// Compares cases ignoring the account ids the database assigned.
    static func sameCase(_ error: GameError, _ expected: GameError) -> Bool {
        switch (error, expected) {
        case (.sameAccount, .sameAccount): true
        case (.assetMismatch(_, let account1, let transfer1), .assetMismatch(_, let account2, let transfer2)):
            account1 == account2 && transfer1 == transfer2
        default: LedgerTests.sameCase(error, expected)
        }
    }

    private func balances(_ database: GameDatabase) throws -> [Int64: Int64] {
        try database.read { connection in
            Dictionary(uniqueKeysWithValues: try connection.query("SELECT id, balance FROM accounts").map {
                (try $0.int64("id"), try $0.int64("balance"))
            })
        }
    }
}
