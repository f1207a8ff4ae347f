import Game
import Store
import Testing

@Suite struct PlayersTests {
    @Test(arguments: [
        ("ab", UsernameRule.tooShort), ("abc", nil), ("Alice_01-x", nil), (String(repeating: "a", count: 32), nil),
        (String(repeating: "a", count: 33), .tooLong), ("al ice", .invalidCharacter), ("alice!", .invalidCharacter),
        ("élodie", .invalidCharacter), ("", .tooShort), ("bob\u{0}", .invalidCharacter),
    ] as [(String, UsernameRule?)])
    func usernameRules(_ candidate: String, _ rule: UsernameRule?) {
        #expect(Username.violation(candidate) == rule)
    }

    @Test func registerCreatesAccountsAndStartingGrant() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let player = try database.register("Alice", gold: 250)
        let holdings = try database.read { try Ledger.holdings(playerID: player.id, in: $0) }
        #expect(holdings.available == [.gold: 250, .wheat: 0, .oil: 0, .ore: 0])
        #expect(holdings.escrow == [.gold: 0, .wheat: 0, .oil: 0, .ore: 0])
        let credentials = try database.read { try Players.credentials(username: "aLiCe", in: $0) }
        #expect(credentials?.player == player)
        let transfer = try database.read {
            try $0.queryOne("SELECT reason, reference, amount FROM transfers")
        }
        #expect(try transfer?.string("reason") == "starting_grant")
        #expect(try transfer?.string("reference") == "player:\(player.id)")
    }

    @Test func usernamesAreUniqueIgnoringCase() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        _ = try database.register("alice")
        let players = try database.count("players")
        let accounts = try database.count("accounts")
        #expect(throws: GameError.usernameTaken(username: "ALICE")) { try database.register("ALICE") }
        #expect(try database.count("players") == players)
        #expect(try database.count("accounts") == accounts)
    }

    @Test func recordLoginUpdatesActivityAndHash() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let player = try database.register("carol")
        let updated = try database.writer.performAndWait { transaction in
            try Players.recordLogin(playerID: player.id, now: GameDatabase.epoch + 5_000, upgradedPasswordHash: "new",
                                    in: transaction)
        }
        #expect(updated.lastActiveAt == GameDatabase.epoch + 5_000)
        #expect(try database.read { try Players.credentials(username: "carol", in: $0)?.passwordHash } == "new")
        #expect(throws: GameError.playerNotFound(playerID: 999)) {
            try database.writer.performAndWait { transaction in
                try Players.recordLogin(playerID: 999, now: 0, upgradedPasswordHash: nil, in: transaction)
            }
        }
    }
}
