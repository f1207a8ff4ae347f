@testable import Engine
import Foundation
import Game
import Store
import Testing

/// `PlayerService` on a real database: every player write commits with its view and its events, at the injected
/// clock's time, and a refusal changes nothing.
@Suite struct PlayerServiceTests {
    @Test func registrationCreatesThePlayerWithStartingGold() throws {
        let fixture = try EngineFixture(.landOwners)
        fixture.clock.advance(by: .seconds(7))
        let view = try fixture.wait { fixture.players.register(username: "cleo", passwordHash: "hash-cleo", completion: $0) }
        #expect(view.player.username == "cleo" && view.player.role == .player)
        #expect(view.player.createdAt == EngineFixture.epoch + 7_000)
        #expect(view.holdings.available[.gold] == 1_000 && view.squareCount == 0)
        let stored = try fixture.read { try Players.credentials(username: "CLEO", in: $0) }
        #expect(stored?.passwordHash == "hash-cleo" && stored?.player == view.player)
    }

    @Test func aTakenNameIsRefusedAndChangesNothing() throws {
        let fixture = try EngineFixture(.landOwners)
        let before = try fixture.rowCounts()
        let error = fixture.failure { fixture.players.register(username: "Ada", passwordHash: "other", completion: $0) }
        #expect(error as? GameError == .usernameTaken(username: "Ada"))
        #expect(try fixture.rowCounts() == before)
    }

    @Test(arguments: [nil, "stronger-hash"] as [String?])
    func aLoginRecordsActivityAndStoresOnlyAnUpgradedHash(_ upgraded: String?) throws {
        let fixture = try EngineFixture(.landOwners)
        fixture.clock.advance(by: .seconds(60))
        let view = try fixture.wait {
            fixture.players.recordLogin(playerID: 1, upgradedPasswordHash: upgraded, completion: $0)
        }
        #expect(view.player.id == 1 && view.player.lastActiveAt == EngineFixture.epoch + 60_000)
        #expect(view.squareCount == 4)
        let stored = try fixture.read { try Players.credentials(playerID: 1, in: $0) }
        #expect(stored?.passwordHash == upgraded ?? "hash-ada")
        #expect(fixture.events.all.isEmpty)
    }

    @Test func aLoginOfAnUnknownPlayerIsRefused() throws {
        let fixture = try EngineFixture(.landOwners)
        let error = fixture.failure { fixture.players.recordLogin(playerID: 99, upgradedPasswordHash: nil, completion: $0) }
        #expect(error as? GameError == .playerNotFound(playerID: 99))
    }

    @Test func aPasswordChangeStoresTheHashAndSignsEverySessionOut() throws {
        let fixture = try EngineFixture(.landOwners)
        let view = try fixture.wait {
            fixture.players.changePassword(playerID: 1, from: "hash-ada", to: "new-hash", completion: $0)
        }
        #expect(view?.player.tokenGeneration == 1)
        #expect(try fixture.read { try Players.credentials(playerID: 1, in: $0) }?.passwordHash == "new-hash")
        let revoked = fixture.events.all.compactMap(PlayerSessionEvents.decodeRevoked)
        #expect(revoked.count == 1 && revoked.first?.playerID == 1 && revoked.first?.tokenGeneration == 1)
    }

    /// A change checked against a hash that is no longer stored (a concurrent change won) completes with nil.
    @Test func aPasswordChangeAgainstAStaleHashChangesNothing() throws {
        let fixture = try EngineFixture(.landOwners)
        let before = try fixture.rowCounts()
        let view = try fixture.wait {
            fixture.players.changePassword(playerID: 1, from: "stale-hash", to: "new-hash", completion: $0)
        }
        #expect(view == nil)
        let stored = try fixture.read { try Players.credentials(playerID: 1, in: $0) }
        #expect(stored?.passwordHash == "hash-ada" && stored?.player.tokenGeneration == 0)
        #expect(try fixture.rowCounts() == before)
        #expect(fixture.events.all.isEmpty)
    }

    @Test func revokingSessionsRaisesTheGenerationEachTime() throws {
        let fixture = try EngineFixture(.landOwners)
        for generation in Int64(1)...2 {
            let view = try fixture.wait { fixture.players.revokeSessions(playerID: 2, completion: $0) }
            #expect(view.player.id == 2 && view.player.tokenGeneration == generation)
        }
        let revoked = fixture.events.all.compactMap(PlayerSessionEvents.decodeRevoked)
        #expect(revoked.map(\.tokenGeneration) == [1, 2] && revoked.allSatisfy { $0.playerID == 2 })
        let error = fixture.failure { fixture.players.revokeSessions(playerID: 99, completion: $0) }
        #expect(error as? GameError == .playerNotFound(playerID: 99))
    }
}
