import Foundation
import Game
import Locking
import Store
import Testing

@Suite struct LedgerTests {
    struct Case: Sendable, CustomStringConvertible {
        var amount: Int64
        var asset: Asset
        var expected: GameError?
        var description: String { "\(amount) \(asset)" }
    }

    @Test(arguments: [
        Case(amount: 1, asset: .gold, expected: nil),
        Case(amount: 1_000, asset: .gold, expected: nil),
        Case(amount: 1_001, asset: .gold, expected: .insufficientFunds(accountID: 0, asset: .gold, available: 1_000, requested: 1_001)),
        Case(amount: 0, asset: .gold, expected: .invalidAmount(amount: 0)),
        Case(amount: -5, asset: .gold, expected: .invalidAmount(amount: -5)),
        Case(amount: 1, asset: .wheat, expected: .insufficientFunds(accountID: 0, asset: .wheat, available: 0, requested: 1)),
    ])
    func transferBetweenPlayers(_ testCase: Case) throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        let bob = try database.register("bob")
        let transfersBefore = try database.count("transfers")
        let result = Result { () throws -> Transfer in
            try database.writer.performAndWait { transaction in
                let from = try Ledger.playerAccount(playerID: alice.id, .available, testCase.asset, in: transaction)
                let to = try Ledger.playerAccount(playerID: bob.id, .available, testCase.asset, in: transaction)
                return try Ledger.transfer(
                    TransferRequest(asset: testCase.asset, fromAccountID: from.id, toAccountID: to.id,
                                    amount: testCase.amount, reason: .adjustment, reference: "test"),
                    now: GameDatabase.epoch, in: transaction)
            }
        }
        let (aliceHoldings, bobHoldings) = try database.read { connection in
            (try Ledger.holdings(playerID: alice.id, in: connection), try Ledger.holdings(playerID: bob.id, in: connection))
        }
        switch (result, testCase.expected) {
        case (.success, nil):
            let moved = testCase.asset == .gold ? testCase.amount : 0
            #expect(aliceHoldings.available[.gold] == 1_000 - moved)
            #expect(bobHoldings.available[.gold] == 1_000 + moved)
            #expect(try database.count("transfers") == transfersBefore + 1)
        case (.failure(let error as GameError), let expected?):
            #expect(Self.sameCase(error, expected), "got \(error)")
            #expect(aliceHoldings.available[.gold] == 1_000)
            #expect(bobHoldings.available[.gold] == 1_000)
            #expect(try database.count("transfers") == transfersBefore)
        default:
            Issue.record("unexpected result \(result) for \(testCase)")
        }
        let checks = try database.read { try LedgerAudit.run(in: $0) }
        #expect(checks.allSatisfy { $0.passed })
    }

    /// Compares cases ignoring account ids (assigned by the database).
    static func sameCase(_ error: GameError, _ expected: GameError) -> Bool {
        switch (error, expected) {
        case (.insufficientFunds(_, let a1, let av1, let r1), .insufficientFunds(_, let a2, let av2, let r2)):
            a1 == a2 && av1 == av2 && r1 == r2
        default: error == expected
        }
    }

    @Test func rejectsAssetMismatchAndSelfTransfer() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        #expect(throws: GameError.self) {
            try database.writer.performAndWait { transaction in
                let gold = try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: transaction)
                let ore = try Ledger.playerAccount(playerID: alice.id, .escrow, .ore, in: transaction)
                return try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: gold.id, toAccountID: ore.id,
                                                           amount: 1, reason: .adjustment), now: 0, in: transaction)
            }
        }
        #expect(throws: GameError.self) {
            try database.writer.performAndWait { transaction in
                let gold = try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: transaction)
                return try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: gold.id, toAccountID: gold.id,
                                                           amount: 1, reason: .adjustment), now: 0, in: transaction)
            }
        }
    }

    /// Thousands of random transfers from concurrent submitters: afterwards every audit check passes, the gold sums
    /// to exactly zero, and the recorded transfers are exactly the ones reported successful.
    @Test func concurrentRandomTransfersKeepTheLedgerBalanced() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        var accounts: [Int64] = []
        for index in 0..<12 {
            let player = try database.register("player\(index)", gold: 500)
            accounts.append(try database.read { try Ledger.playerAccount(playerID: player.id, .available, .gold, in: $0).id })
        }
        let transfersBefore = try database.count("transfers")
        let submitters = 8
        let perSubmitter = 400
        let outcome = Locked((succeeded: 0, insufficient: 0, other: 0))
        let group = DispatchGroup()
        let fixedAccounts = accounts
        let writer = database.writer
        for submitter in 0..<submitters {
            group.enter()
            Thread {
                var random = SeededRandom(seed: UInt64(submitter) + 100)
                let done = DispatchGroup()
                for _ in 0..<perSubmitter {
                    let fromIndex = Int(random.integer(in: 0...11))
                    let toIndex = (fromIndex + Int(random.integer(in: 1...11))) % 12
                    let from = fixedAccounts[fromIndex]
                    let to = fixedAccounts[toIndex]
                    let amount = random.integer(in: 1...300)
                    done.enter()
                    writer.submit({ transaction in
                        try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: from, toAccountID: to,
                                                            amount: amount, reason: .adjustment), now: 1, in: transaction)
                    }, completion: { result in
                        outcome.withLock { counts in
                            switch result {
                            case .success: counts.succeeded += 1
                            case .failure(GameError.insufficientFunds): counts.insufficient += 1
                            case .failure: counts.other += 1
                            }
                        }
                        done.leave()
                    })
                }
                done.wait()
                group.leave()
            }.start()
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        let counts = outcome.withLock { $0 }
        #expect(counts.other == 0)
        #expect(counts.succeeded + counts.insufficient == submitters * perSubmitter)
        #expect(counts.succeeded > 100)
        #expect(counts.insufficient > 0)
        #expect(try database.count("transfers") == transfersBefore + Int64(counts.succeeded))
        let (checks, total, playerGold) = try database.read { connection in
            (try LedgerAudit.run(in: connection),
             try connection.queryOne("SELECT sum(balance) AS s FROM accounts WHERE asset = 'gold'")?.int64("s"),
             try connection.queryOne("SELECT sum(balance) AS s FROM accounts WHERE player_id IS NOT NULL")?.int64("s"))
        }
        for check in checks { #expect(check.passed, "\(check.name): \(check.violations)") }
        #expect(total == 0)
        #expect(playerGold == Int64(6_000))
    }
}
