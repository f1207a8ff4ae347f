import API
import Foundation
import HTTP
import Locking
import Testing

/// `SquareMerging` called directly (as the WebSocket gateway calls it) answers exactly what `POST /api/merges` answers.
@Suite struct SquareMergingTests {
    /// Runs the shared command for ada (player 1) and waits for its single answer.
    func merge(_ fixture: ResourceRoutesTests.Fixture, _ squareIDs: [Int64]) throws -> HTTPResponse {
        let answer = Locked<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        SquareMerging(environment: fixture.server.environment).merge(playerID: 1, squareIDs: squareIDs,
                                                                     requestId: "test") { response in
            answer.withLock { $0 = response }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        return try #require(answer.withLock { $0 })
    }

    func code(_ response: HTTPResponse) -> String? {
        guard case .string(let code) = (try? JSONParser.parse(response.body))?["error"]?["code"] else { return nil }
        return code
    }

    @Test(arguments: [
        (["0,0", "2,0"], 422, "not_adjacent"),
        (["2,0", "3,3"], 422, "not_owner"),
        (["0,0"], 422, "invalid_merge_size"),
        (["0,0", "0,0"], 400, "duplicate_square"),
        (["0,0", "nowhere"], 404, "square_not_found"),
    ] as [([String], Int, String)])
    func refusalsMatchTheRoute(_ positions: [String], _ status: Int, _ expectedCode: String) throws {
        let fixture = try ResourceRoutesTests.Fixture()
        let direct = try merge(fixture, positions.map { fixture.ids[$0] ?? 999_999 })
        let route = try fixture.client.post("/api/merges", json: fixture.mergeBody(positions), token: fixture.ada)
        #expect(direct.status.code == status)
        #expect(code(direct) == expectedCode)
        #expect(route.status == direct.status.code)
        #expect(route.body == direct.body)
    }

    @Test(arguments: [
        ([], "out_of_range"), ([1, -2], "wrong_type"), ([0, 1], "wrong_type"),
        (Array(1...65), "out_of_range"),
    ] as [([Int64], String)])
    func badIdListsAre400WithTheRouteCodes(_ squareIDs: [Int64], _ expectedCode: String) throws {
        let fixture = try ResourceRoutesTests.Fixture()
        let before = try fixture.server.rowCounts()
        let response = try merge(fixture, squareIDs)
        #expect(response.status.code == 400)
        #expect(code(response) == expectedCode)
        #expect(try fixture.server.rowCounts() == before)
    }

    @Test func aMergeAnswers201WithThePlotAndItsSquares() throws {
        let fixture = try ResourceRoutesTests.Fixture()
        let response = try merge(fixture, ["0,0", "1,0"].map { fixture.ids[$0] ?? 0 })
        #expect(response.status.code == 201, "\(response.bodyText)")
        let json = try JSONParser.parse(response.body)
        #expect(json["merge"]?["goldCost"] != nil)
        guard case .array(let squares) = json["squares"] else {
            Issue.record("no squares in \(response.bodyText)")
            return
        }
        #expect(squares.count == 2)
    }
}
