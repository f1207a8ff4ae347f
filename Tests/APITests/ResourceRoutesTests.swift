import API
import Game
import GameTesting
import HTTP
import Store
import Testing

@Suite struct ResourceRoutesTests {
    /// A server where "ada" and "bob" registered over the API and own the squares of `LandOwners`: ada (0,0), (1,0),
    /// (2,0) and (0,1), the first a farm, and 1,000 of each resource; bob (5,5).
    struct Fixture {
        let server: TestServer
        let client: HTTPClient
        let ada: String
        let bob: String
        let ids: [String: Int64]

        init() throws {
            server = try TestServer()
            client = try server.client()
            ada = try server.player("ada").token   // player 1
            bob = try server.player("bob").token   // player 2
            ids = try server.writer.performAndWait { transaction in
                try LandOwners.seed(now: TestServer.epoch, in: transaction)
            }
        }

        func mergeBody(_ positions: [String]) -> String {
            #"{"squareIds":[\#(positions.map { String(ids[$0] ?? 999_999) }.joined(separator: ","))]}"#
        }
    }

    @Test func aMergeAnswers201WithThePlotAndItsSquares() throws {
        let fixture = try Fixture()
        let response = try fixture.client.post("/api/merges", json: fixture.mergeBody(["0,0", "1,0", "0,1"]), token: fixture.ada)
        #expect(response.status == 201, "\(response.bodyText)")
        #expect(response.json?["merge"]?["goldCost"] == 150)
        #expect(response.json?["merge"]?["bonusPercent"] == 10)
        guard case .array(let squares) = response.json?["squares"] else {
            Issue.record("no squares")
            return
        }
        #expect(squares.count == 3)
        #expect(squares.allSatisfy { $0["merges"] == response.json?["merge"]?["squareIds"] })
        let square = try fixture.client.get("/api/land-squares/\(fixture.ids["1,0"] ?? 0)").json
        #expect(square?["merges"] == response.json?["merge"]?["squareIds"])
        let me = try fixture.client.get("/api/me", token: fixture.ada).json
        #expect(me?["balances"]?["gold"] == 850)
    }

    @Test(arguments: [
        (["0,0", "2,0"], 422, "not_adjacent"),
        (["2,0", "3,3"], 422, "not_owner"),
        (["5,5", "0,0"], 422, "not_owner"),
        (["0,0"], 422, "invalid_merge_size"),
        (["0,0", "0,0"], 400, "duplicate_square"),
        (["0,0", "nowhere"], 404, "square_not_found"),
    ] as [([String], Int, String)])
    func refusedMergesAnswerTheirCodeAndChangeNothing(_ positions: [String], _ status: Int, _ code: String) throws {
        let fixture = try Fixture()
        let before = try fixture.server.rowCounts()
        let response = try fixture.client.post("/api/merges", json: fixture.mergeBody(positions), token: fixture.ada)
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code)
        #expect(try fixture.server.rowCounts() == before)
    }

    @Test(arguments: [
        (#"{}"#, 400, "missing_field"), (#"{"squareIds":"1,2"}"#, 400, "wrong_type"),
        (#"{"squareIds":[1,-2]}"#, 400, "wrong_type"), (#"{"squareIds":[]}"#, 400, "out_of_range"),
        (#"{"squareIds":[1,2],"x":1}"#, 400, "unknown_field"),
    ] as [(String, Int, String)])
    func malformedMergeBodiesAre400(_ body: String, _ status: Int, _ code: String) throws {
        let fixture = try Fixture()
        let response = try fixture.client.post("/api/merges", json: body, token: fixture.ada)
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code)
        #expect(try fixture.client.post("/api/merges", json: body).status == 401)
    }

    @Test func aSquareHeldByASaleCannotBeMerged() throws {
        let fixture = try Fixture()
        let held = fixture.ids["1,0"] ?? 0
        try fixture.server.writer.performAndWait { transaction in
            try SquareLocks.acquire(squareID: held, holder: "auction:4", now: TestServer.epoch, in: transaction)
        }
        let response = try fixture.client.post("/api/merges", json: fixture.mergeBody(["0,0", "1,0"]), token: fixture.ada)
        #expect(response.status == 422)
        #expect(response.errorCode == "square_locked")
    }

    @Test func anUpgradeAnswersTheSquareAndItsPrice() throws {
        let fixture = try Fixture()
        let farm = fixture.ids["0,0"] ?? 0
        let response = try fixture.client.post("/api/land-squares/\(farm)/upgrades", json: #"{"kind":"farm_level"}"#,
                                               token: fixture.ada)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(response.json?["level"] == 2)
        #expect(response.json?["square"]?["resource"]?["level"] == 2)
        #expect(response.json?["cost"] == ["gold": 200, "resource": "wheat", "resourceAmount": 40])
        let me = try fixture.client.get("/api/me", token: fixture.ada).json
        #expect(me?["balances"]?["gold"] == 800)
        #expect(me?["balances"]?["wheat"] == 960)
    }

    @Test(arguments: [
        ("0,0", #"{"kind":"golden_roof"}"#, 400, "invalid_upgrade_kind"),
        ("0,0", #"{"kind":"oil_technology"}"#, 422, "upgrade_not_applicable"),
        ("5,5", #"{"kind":"farm_level"}"#, 422, "not_owner"),
        ("0,0", #"{}"#, 400, "missing_field"),
        ("nowhere", #"{"kind":"farm_level"}"#, 404, "square_not_found"),
    ] as [(String, String, Int, String)])
    func refusedUpgradesAnswerTheirCodeAndChangeNothing(_ position: String, _ body: String, _ status: Int,
                                                        _ code: String) throws {
        let fixture = try Fixture()
        let before = try fixture.server.rowCounts()
        let response = try fixture.client.post("/api/land-squares/\(fixture.ids[position] ?? 999_999)/upgrades", json: body,
                                               token: fixture.ada)
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code)
        #expect(try fixture.server.rowCounts() == before)
    }

    @Test func anUpgradeWithoutTheResourceIsRefusedAndChangesNothing() throws {
        let fixture = try Fixture()
        let mine = fixture.ids["5,5"] ?? 0
        try fixture.server.writer.performAndWait { transaction in
            try transaction.run(
                """
                UPDATE land_squares SET resource_kind = 'mine', mine_remaining_ore = 500, mine_depletion_rate = 40,
                    farm_level = NULL, farm_next_harvest_at = NULL, oil_capacity = NULL, oil_extraction_rate = NULL,
                    oil_technology_level = NULL WHERE id = ?1
                """, [mine])
        }
        let before = try fixture.server.rowCounts()
        let response = try fixture.client.post("/api/land-squares/\(mine)/upgrades", json: #"{"kind":"mine_rate"}"#,
                                               token: fixture.bob)
        #expect(response.status == 422, "\(response.bodyText)")
        #expect(response.errorCode == "insufficient_funds")
        #expect(try fixture.server.rowCounts() == before)
    }

    @Test func resourceRunsAreForAdmins() throws {
        let fixture = try Fixture()
        try fixture.server.writer.performAndWait { transaction in
            _ = try ResourceRuns.start(dueAt: TestServer.epoch, now: TestServer.epoch,
                                       configuration: ResourceConfiguration(), in: transaction)
        }
        #expect(try fixture.client.get("/api/resource-runs", token: fixture.ada).status == 403)
        #expect(try fixture.client.get("/api/resource-runs").status == 401)
        let now = TestServer.epoch / 1000
        let admin = TokenRoutesTests.forge(#"{"alg":"HS256","typ":"JWT"}"#,
                                           #"{"sub":"1","role":"admin","iat":\#(now),"exp":\#(now + 60),"jti":"x"}"#,
                                           key: fixture.server.secret.value)
        let response = try fixture.client.get("/api/resource-runs?limit=5", token: admin)
        #expect(response.status == 200, "\(response.bodyText)")
        guard case .array(let runs) = response.json?["runs"] else {
            Issue.record("no runs")
            return
        }
        #expect(runs.count == 1)
        #expect(runs.first?["status"] == "running")
        #expect(runs.first?["endTime"] == .null)
        let document = OpenAPIDocument.document()
        guard case .array(let required) = document["components"]?["schemas"]?["ResourceRun"]?["required"],
              case .object(let members) = runs.first else { return }
        #expect(Set(required.compactMap { if case .string(let name) = $0 { name } else { nil } }) == Set(members.keys))
        #expect(try fixture.client.get("/api/resource-runs?limit=0", token: admin).errorCode == "invalid_parameter")
    }
}
