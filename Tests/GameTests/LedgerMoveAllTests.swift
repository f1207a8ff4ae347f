import Foundation
import Game
import Store
import Testing

/// `Ledger.moveAll` ends where `Ledger.move` called for each leg in order ends: the same balances and `transfers` rows
/// when it succeeds, the same error when it does not (the command then rolls back either way).
@Suite struct LedgerMoveAllTests {
    /// Who a leg names: alice's or bob's account of a kind, the fees, or a missing player.
    enum Party: Sendable {
        case alice(AccountKind), bob(AccountKind), fees, nobody
    }

    struct Leg: Sendable {
        var amount: Int64
        var from: Party
        var to: Party
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var legs: [Leg]
        var description: String { name }
    }

    /// The moves both this suite and `LedgerAccountsTests` hold against `Ledger.move` one by one.
    static let cases: [Case] = [
        Case(name: "a fill: one source, three destinations", legs: [
            Leg(amount: 300, from: .alice(.available), to: .bob(.available)),
            Leg(amount: 10, from: .alice(.available), to: .fees),
            Leg(amount: 50, from: .alice(.available), to: .alice(.escrow)),
        ]),
        Case(name: "through escrow: a net change of zero", legs: [
            Leg(amount: 400, from: .alice(.available), to: .alice(.escrow)),
            Leg(amount: 400, from: .alice(.escrow), to: .bob(.available)),
        ]),
        Case(name: "zero legs are skipped", legs: [
            Leg(amount: 0, from: .alice(.available), to: .bob(.available)),
            Leg(amount: 5, from: .bob(.available), to: .alice(.available)),
            Leg(amount: 0, from: .alice(.available), to: .fees),
        ]),
        Case(name: "the sum is too much", legs: [
            Leg(amount: 600, from: .alice(.available), to: .bob(.available)),
            Leg(amount: 500, from: .alice(.available), to: .fees),
        ]),
        Case(name: "a missing player", legs: [
            Leg(amount: 1, from: .alice(.available), to: .bob(.available)),
            Leg(amount: 1, from: .alice(.available), to: .nobody),
        ]),
        Case(name: "a missing player with no net change", legs: [
            Leg(amount: 1, from: .alice(.available), to: .nobody),
            Leg(amount: 1, from: .nobody, to: .bob(.available)),
        ]),
        Case(name: "the same account", legs: [
            Leg(amount: 1, from: .alice(.available), to: .bob(.available)),
            Leg(amount: 1, from: .bob(.available), to: .bob(.available)),
        ]),
    ]

    @Test(arguments: cases)
    func moveAllMatchesMoveOneByOne(_ testCase: Case) throws {
        let together = try Self.run(testCase.legs, together: true)
        let oneByOne = try Self.run(testCase.legs, together: false)
        switch (together.result, oneByOne.result) {
        case (.success, .success):
            #expect(together.transfers == oneByOne.transfers)
            #expect(together.transfers.count == together.transfersBefore + testCase.legs.count { $0.amount > 0 })
        case (.failure(let error as GameError), .failure(let expected as GameError)):
            #expect(LedgerMoveTests.sameCase(error, expected), "got \(error), one by one \(expected)")
            #expect(together.transfers == oneByOne.transfers)
        default:
            Issue.record("moveAll gave \(together.result), move one by one \(oneByOne.result)")
        }
        #expect(together.balances == oneByOne.balances)
        #expect(together.auditPassed && oneByOne.auditPassed)
    }

    /// What one run left: the command's result, every balance by account, every transfer row, and the audit.
    struct Outcome {
        var result: Result<Void, any Error>
        var balances: [Int64: Int64]
        var transfers: [String]
        /// Rows of `transfers` before the command (the players' starting grants).
        var transfersBefore: Int
        var auditPassed: Bool
    }

    static func run(_ legs: [Leg], together: Bool) throws -> Outcome {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        let bob = try database.register("bob")
        func key(_ party: Party) -> LedgerAccountKey {
            switch party {
            case .alice(let kind): .player(alice.id, kind)
            case .bob(let kind): .player(bob.id, kind)
            case .fees: .system(.fees)
            case .nobody: .player(9_999, .available)
            }
        }
        let ledgerLegs = legs.map {
            LedgerLeg($0.amount, .gold, from: key($0.from), to: key($0.to), reason: .adjustment, reference: "test")
        }
        let transfersBefore = Int(try database.count("transfers"))
        let result = Result { () throws -> Void in
            try database.writer.performAndWait { transaction throws -> Void in
                if together {
                    try Ledger.moveAll(ledgerLegs, now: GameDatabase.epoch, in: transaction)
                } else {
                    for leg in ledgerLegs where leg.amount > 0 {
                        try Ledger.move(leg.amount, leg.asset, from: leg.source, to: leg.destination,
                                        reason: leg.reason, reference: leg.reference, now: GameDatabase.epoch,
                                        in: transaction)
                    }
                }
            }
        }
        return try database.read { connection in
            let balances = Dictionary(uniqueKeysWithValues: try connection.query("SELECT id, balance FROM accounts").map {
                (try $0.int64("id"), try $0.int64("balance"))
            })
            let transfers = try connection.query(
                "SELECT from_account_id, to_account_id, amount, asset, reason, reference FROM transfers ORDER BY id"
            ).map { row in
                "\(try row.int64("from_account_id"))>\(try row.int64("to_account_id")) \(try row.int64("amount")) "
                    + "\(try row.string("asset")) \(try row.string("reason")) \(try row.optionalString("reference") ?? "-")"
            }
            let audit = try LedgerAudit.run(in: connection)
            return Outcome(result: result, balances: balances, transfers: transfers, transfersBefore: transfersBefore,
                           auditPassed: audit.allSatisfy(\.passed))
        }
    }
}
