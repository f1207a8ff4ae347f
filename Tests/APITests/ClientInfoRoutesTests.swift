import API
import Game
import HTTP
import Testing

/// `GET /api/rules` and `GET /api/players` on a real server: the rules carry the configured merge and upgrade prices
/// in the documented shape, player ids become usernames (unknown ids left out), and bad input or a missing token is
/// refused with the contract's errors.
@Suite struct ClientInfoRoutesTests {
    @Test func rulesCarryTheConfiguredMergeAndUpgradePrices() throws {
        let server = try TestServer()
        let response = try server.client().get("/api/rules")
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(MarketRoutesTests.objectKeys(response.json) == MarketRoutesTests.keys("GameRules"))
        let configuration = ResourceConfiguration()
        let merge = response.json?["merge"]
        #expect(merge?["goldPerSquare"] == .integer(configuration.mergeGoldPerSquare))
        #expect(merge?["bonusPercentPerSquare"] == .integer(configuration.mergeBonusPercentPerSquare))
        #expect(merge?["maxBonusPercent"] == .integer(configuration.maxMergeBonusPercent))
        #expect(merge?["minSquares"] == 2)
        #expect(merge?["maxSquares"] == 9)
        let upgrades = response.json?["upgrades"]
        #expect(upgrades?["goldPerLevel"] == .integer(configuration.upgradeGoldPerLevel))
        #expect(upgrades?["resourcePerLevel"] == .integer(configuration.upgradeResourcePerLevel))
        #expect(MarketRoutesTests.first(upgrades?["kinds"]) == ["kind": "farm_level", "resourceKind": "farm", "paidResource": "wheat"])
        #expect(try server.client().get("/api/rules?x=1").errorCode == "unknown_parameter")
    }

    @Test func playerIdsBecomeUsernames() throws {
        let server = try TestServer()
        let alice = try MarketRoutesTests.register("alice", on: server)
        let bob = try MarketRoutesTests.register("bob", on: server)
        let response = try server.client().get("/api/players?ids=\(bob.id),\(alice.id),\(bob.id),999", token: alice.token)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(MarketRoutesTests.objectKeys(response.json) == MarketRoutesTests.keys("PlayerNameList"))
        #expect(response.json?["players"] == [["id": .integer(alice.id), "username": "alice"],
                                               ["id": .integer(bob.id), "username": "bob"]])
    }

    @Test(arguments: ["", "?ids=", "?ids=0", "?ids=1,,2", "?ids=-1", "?ids=1x", "?ids=99999999999999999999", "?id=1"])
    func badIdListsAreRefused(query: String) throws {
        let server = try TestServer()
        let alice = try MarketRoutesTests.register("alice", on: server)
        let response = try server.client().get("/api/players\(query)", token: alice.token)
        #expect(response.status == 400, "\(query): \(response.bodyText)")
        #expect(["missing_parameter", "invalid_parameter", "unknown_parameter"].contains(response.errorCode ?? ""))
    }

    @Test func tooManyIdsAndNoTokenAreRefused() throws {
        let server = try TestServer()
        let alice = try MarketRoutesTests.register("alice", on: server)
        let ids = (1...(Players.maxNameLookup + 1)).map(String.init).joined(separator: ",")
        #expect(try server.client().get("/api/players?ids=\(ids)", token: alice.token).errorCode == "invalid_parameter")
        let anonymous = try server.client().get("/api/players?ids=1")
        #expect(anonymous.status == 401)
        #expect(anonymous.errorCode == "missing_token")
    }
}
