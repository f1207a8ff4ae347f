@testable import App
import Foundation
import HTTP
import Store
import Telemetry
import Testing
import TestSupport

/// A merge over the WebSocket and `POST /api/merges` reach the same `LandService.merge` on a running node: for the
/// same input they refuse with the same code and message, and a merge answers the same shape (the plot and its
/// squares as committed).
@Suite struct SocketMergeTests {
    @Test(.timeLimit(.minutes(2)))
    func theSocketAndTheRouteAnswerAlike() throws {
        try #require(PythonWebSocketsClient.isAvailable, "python websockets unavailable: \(PythonWebSocketsClient.venv)")
        let directory = try TemporaryDirectory()
        let node = try Node.started(in: directory, ["--loops", "2", "--password-iterations", "1000"])
        defer { node.stop(deadline: .seconds(2)) }
        let api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { api.close() }
        let token = try SocketBidTraceTests.register("ada", api)
        let ids = try Self.giveSquares(to: "ada", database: DataDirectory.databasePath(in: directory.path))
        let port = try #require(node.gatewayServer?.localPort)
        let socketURL = "ws://127.0.0.1:\(port)/ws?token=\(token)"

        let refusals: [[String]] = [["0,0", "2,0"], ["0,0"], ["0,0", "0,0"], ["0,0", "nowhere"], ["0,0", "5,5"]]
        var codes: [String] = []
        for positions in refusals {
            let squareIDs = positions.map { ids[$0] ?? 999_999 }
            let route = try Self.object(try Self.mergeOverREST(squareIDs, api, token: token).body)
            let socket = try Self.object(Array(try Self.mergeOverSocket(squareIDs, url: socketURL).utf8))
            let routeError = try #require(route["error"] as? [String: Any], "\(route)")
            #expect(socket["type"] as? String == "error", "\(socket)")
            #expect(socket["code"] as? String == routeError["code"] as? String)
            #expect(socket["message"] as? String == routeError["message"] as? String)
            codes.append(routeError["code"] as? String ?? "")
        }
        #expect(codes == ["not_adjacent", "invalid_merge_size", "duplicate_square", "square_not_found", "not_owner"])

        let routeResponse = try Self.mergeOverREST(["0,0", "1,0"].map { ids[$0] ?? 0 }, api, token: token)
        #expect(routeResponse.status == 201, "\(routeResponse.bodyText)")
        let route = try Self.object(routeResponse.body)
        let socketAnswer = try Self.object(Array(try Self.mergeOverSocket(["2,0", "3,0"].map { ids[$0] ?? 0 },
                                                                          url: socketURL).utf8))
        #expect(socketAnswer["type"] as? String == "result", "\(socketAnswer)")
        let socket = try #require(socketAnswer["data"] as? [String: Any])
        for answer in [route, socket] {
            let merge = try #require(answer["merge"] as? [String: Any])
            let squares = try #require(answer["squares"] as? [[String: Any]])
            #expect(Set(answer.keys) == ["merge", "squares"])
            #expect(squares.compactMap { $0["id"] as? Int } == merge["squareIds"] as? [Int])
            #expect(squares.allSatisfy { $0["merges"] as? [Int] == merge["squareIds"] as? [Int] })
        }
        let routeMerge = try #require(route["merge"] as? [String: Any])
        let socketMerge = try #require(socket["merge"] as? [String: Any])
        #expect(Set(routeMerge.keys) == Set(socketMerge.keys))
        for key in ["ownerId", "goldCost", "bonusPercent"] {
            #expect(routeMerge[key] as? Int == socketMerge[key] as? Int, "\(key)")
        }
        let routeSquare = try #require((route["squares"] as? [[String: Any]])?.first)
        let socketSquare = try #require((socket["squares"] as? [[String: Any]])?.first)
        #expect(Set(routeSquare.keys) == Set(socketSquare.keys))

        let again = ["0,0", "1,0"].map { ids[$0] ?? 0 }
        let routeAgain = try Self.object(try Self.mergeOverREST(again, api, token: token).body)["error"] as? [String: Any]
        let socketAgain = try Self.object(Array(try Self.mergeOverSocket(again, url: socketURL).utf8))
        #expect(routeAgain?["code"] as? String == "already_merged")
        #expect(socketAgain["code"] as? String == routeAgain?["code"] as? String)
        #expect(socketAgain["message"] as? String == routeAgain?["message"] as? String)
    }

    /// Makes `username` the owner of four free squares in a row, "0,0" to "3,0" (relative to the row's first square),
    /// and names a free square nobody owns "5,5"; returns their ids. One write transaction, so no auction starts on
    /// them meanwhile.
    static func giveSquares(to username: String, database: String) throws -> [String: Int64] {
        try SocketBidTraceTests.withDatabase(database) { connection in
            try connection.execute("BEGIN IMMEDIATE")
            let free = "is_locked = 0 AND owner_id IS NULL AND id NOT IN (SELECT square_id FROM square_locks)"
            let start = try #require(try connection.queryOne(
                """
                SELECT a.x AS x, a.y AS y FROM land_squares a
                WHERE (SELECT count(*) FROM land_squares s WHERE s.y = a.y AND s.x BETWEEN a.x AND a.x + 3
                       AND s.\(free)) = 4
                ORDER BY a.id LIMIT 1
                """, []), "no four free squares in a row")
            let (x, y) = (try start.int64("x"), try start.int64("y"))
            var ids: [String: Int64] = [:]
            for offset in Int64(0)...3 {
                let row = try connection.queryOne("SELECT id FROM land_squares WHERE x = ? AND y = ?", [x + offset, y])
                ids["\(offset),0"] = try #require(try row?.int64("id"))
                try connection.run("UPDATE land_squares SET owner_id = (SELECT id FROM players WHERE username = ?) WHERE id = ?",
                                   [username, ids["\(offset),0"] ?? 0])
            }
            let other = try connection.queryOne("SELECT id FROM land_squares WHERE \(free) ORDER BY id DESC LIMIT 1", [])
            ids["5,5"] = try #require(try other?.int64("id"))
            try connection.execute("COMMIT")
            return ids
        }
    }

    static func mergeOverREST(_ squareIDs: [Int64], _ api: HTTPClient, token: String) throws -> HTTPClientResponse {
        try SocketBidTraceTests.post(api, "/api/merges", #"{"squareIds":[\#(Self.list(squareIDs))]}"#, token: token)
    }

    static func mergeOverSocket(_ squareIDs: [Int64], url: String) throws -> String {
        try PythonWebSocketsClient.sendCommand(
            url: url, #"{"type":"merge","squareIds":[\#(Self.list(squareIDs))],"requestId":"m1"}"#)
    }

    static func list(_ squareIDs: [Int64]) -> String { squareIDs.map(String.init).joined(separator: ",") }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], "\(String(decoding: bytes, as: UTF8.self))")
    }
}
