import Foundation
@testable import Game
import Locking
import Store
import Testing

/// A command's `LedgerAccounts` ends where `Ledger.move` called for each leg in order ends: the same balances and
/// `transfers` rows when it succeeds, the same error when it does not, whether its legs go together (`moveAll`) or
/// one by one through the same cache (`move`); and the balances it keeps for the event holdings are those stored.
@Suite struct LedgerAccountsTests {
    typealias Leg = LedgerMoveAllTests.Leg
    typealias Case = LedgerMoveAllTests.Case

    /// How a run moves its legs.
    enum Mode: CaseIterable {
        case ledgerOneByOne, accountsTogether, accountsOneByOne
    }

    /// `LedgerMoveAllTests`' moves, and a few that only the accounts' own guards decide.
    static let cases: [Case] = LedgerMoveAllTests.cases + [
        Case(name: "one leg too much", legs: [Leg(amount: 1_001, from: .alice(.available), to: .alice(.escrow))]),
        Case(name: "from an empty escrow", legs: [Leg(amount: 1, from: .bob(.escrow), to: .bob(.available))]),
        Case(name: "back and forth, then all of it", legs: [
            Leg(amount: 700, from: .alice(.available), to: .alice(.escrow)),
            Leg(amount: 200, from: .alice(.escrow), to: .alice(.available)),
            Leg(amount: 500, from: .alice(.escrow), to: .bob(.available)),
            Leg(amount: 500, from: .alice(.available), to: .bob(.escrow)),
        ]),
    ]

    @Test(arguments: cases)
    func accountsMatchLedgerMoveOneByOne(_ testCase: Case) throws {
        let expected = try Self.run(testCase.legs, .ledgerOneByOne)
        for mode in [Mode.accountsTogether, .accountsOneByOne] {
            let outcome = try Self.run(testCase.legs, mode)
            switch (outcome.result, expected.result) {
            case (.success, .success):
                break
            case (.failure(let error as GameError), .failure(let wanted as GameError)):
                #expect(LedgerMoveTests.sameCase(error, wanted), "\(mode): got \(error), one by one \(wanted)")
                #expect(error == wanted, "\(mode): got \(error), one by one \(wanted)")
            default:
                Issue.record("\(mode) gave \(outcome.result), move one by one \(expected.result)")
            }
            #expect(outcome.transfers == expected.transfers, "\(mode)")
            #expect(outcome.balances == expected.balances, "\(mode)")
            #expect(outcome.auditPassed, "\(mode)")
            #expect(outcome.cachedMatchStored, "\(mode): the cached balances differ from the stored ones")
        }
    }

    /// A move the cache does not serve (an account named by id) runs through `Ledger.move`, and the cache reads the
    /// balances it changed again before its next move and for the holdings.
    @Test func aMoveByIDLeavesNoStaleBalance() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        let bob = try database.register("bob")
        let (cached, stored) = try database.writer.performAndWait { transaction in
            let accounts = LedgerAccounts(in: transaction)
            try accounts.move(100, .gold, from: .player(alice.id, .available), to: .player(bob.id, .available),
                              reason: .adjustment, reference: nil, now: GameDatabase.epoch)
            let aliceGold = try Ledger.playerAccount(playerID: alice.id, .available, .gold, in: transaction)
            try accounts.move(50, .gold, from: .id(aliceGold.id), to: .player(alice.id, .escrow),
                              reason: .adjustment, reference: nil, now: GameDatabase.epoch)
            try accounts.move(25, .gold, from: .player(alice.id, .escrow), to: .player(bob.id, .available),
                              reason: .adjustment, reference: nil, now: GameDatabase.epoch)
            let players: Set<Int64> = [alice.id, bob.id]
            let cached = players.map { accounts.balances(of: $0)?.amounts }
            let stored = try PlayerEventHoldings.balances(of: players, in: transaction)
            return (cached, players.map { stored[$0]?.amounts })
        }
        #expect(cached == stored)
        let aliceHoldings = try database.read { connection in try Ledger.holdings(playerID: alice.id, in: connection) }
        #expect(aliceHoldings.available[.gold] == 850 && aliceHoldings.escrow[.gold] == 25)
    }

    /// A command that reads more players than its short list holds (an expiry's many owners) keeps each player's
    /// accounts apart, and every asset's accounts land in their own slots (oil and ore are told apart by their bytes):
    /// after moves of every asset, within and between players, each player's cached balances are those stored.
    @Test func manyPlayersAndEveryAssetKeepTheirOwnBalances() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let players = try (0..<12).map { try database.register("player\($0)").id }
        let now = GameDatabase.epoch
        let (cached, stored) = try database.writer.performAndWait { transaction in
            for (index, playerID) in players.enumerated() {
                for (offset, asset) in Asset.allCases.enumerated() {
                    try Ledger.move(Int64(100 * (index + 1) + 10 * offset), asset, from: .system(.mint),
                                    to: .player(playerID, .available), reason: .adjustment, reference: nil, now: now,
                                    in: transaction)
                }
            }
            let accounts = LedgerAccounts(in: transaction)
            for (index, playerID) in players.enumerated() {
                for (offset, asset) in Asset.allCases.enumerated() {
                    try accounts.move(Int64(index + offset + 1), asset, from: .player(playerID, .available),
                                      to: .player(playerID, .escrow), reason: .adjustment, reference: nil, now: now)
                    try accounts.move(Int64(offset + 1), asset, from: .player(playerID, .available),
                                      to: .player(players[(index + 1) % players.count], .available),
                                      reason: .adjustment, reference: nil, now: now)
                }
            }
            let cached = players.map { accounts.balances(of: $0)?.amounts }
            let stored = try PlayerEventHoldings.balances(of: Set(players), in: transaction)
            return (cached, players.map { stored[$0]?.amounts })
        }
        #expect(cached == stored)
        #expect(cached.allSatisfy { $0.map { Set($0).count == LedgerAccounts.slotCount } ?? false },
                "every slot of every player holds its own balance")
    }

    /// What one run left: the command's result, every balance by account, every transfer row, the audit, and
    /// whether the cache's balances were those stored when the command ended.
    struct Outcome {
        var result: Result<Void, any Error>
        var balances: [Int64: Int64]
        var transfers: [String]
        var auditPassed: Bool
        var cachedMatchStored: Bool
    }

    static func run(_ legs: [Leg], _ mode: Mode) throws -> Outcome {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice")
        let bob = try database.register("bob")
        func key(_ party: LedgerMoveAllTests.Party) -> LedgerAccountKey {
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
        let matches = Locked(true)
        let result = Result { () throws -> Void in
            try database.writer.performAndWait { transaction throws -> Void in
                let accounts = LedgerAccounts(in: transaction)
                switch mode {
                case .ledgerOneByOne:
                    for leg in ledgerLegs where leg.amount > 0 {
                        try Ledger.move(leg.amount, leg.asset, from: leg.source, to: leg.destination,
                                        reason: leg.reason, reference: leg.reference, now: GameDatabase.epoch,
                                        in: transaction)
                    }
                case .accountsTogether:
                    try accounts.moveAll(ledgerLegs, now: GameDatabase.epoch)
                case .accountsOneByOne:
                    for leg in ledgerLegs where leg.amount > 0 {
                        try accounts.move(leg.amount, leg.asset, from: leg.source, to: leg.destination,
                                          reason: leg.reason, reference: leg.reference, now: GameDatabase.epoch)
                    }
                }
                let stored = try PlayerEventHoldings.balances(of: [alice.id, bob.id], in: transaction)
                for playerID in [alice.id, bob.id] {
                    guard let cached = accounts.balances(of: playerID) else { continue }
                    if cached.amounts != stored[playerID]?.amounts { matches.withLock { $0 = false } }
                }
            }
        }
        return try database.read { connection in
            let balances = Dictionary(uniqueKeysWithValues: try connection.query("SELECT id, balance FROM accounts").map {
                (try $0.int64("id"), try $0.int64("balance"))
            })
            let transfers = try connection.query(
                "SELECT id, from_account_id, to_account_id, amount, asset, reason, reference FROM transfers ORDER BY id"
            ).map { row in
                "\(try row.int64("id")) \(try row.int64("from_account_id"))>\(try row.int64("to_account_id")) "
                    + "\(try row.int64("amount")) \(try row.string("asset")) \(try row.string("reason")) "
                    + "\(try row.optionalString("reference") ?? "-")"
            }
            let audit = try LedgerAudit.run(in: connection)
            return Outcome(result: result, balances: balances, transfers: transfers,
                           auditPassed: audit.allSatisfy(\.passed), cachedMatchStored: matches.withLock { $0 })
        }
    }
}
