@testable import API
import Game
import Store
import Testing

/// `GET /api/land-squares` answers, byte for byte, the `JSONValue` encoding of `GameJSON.square` over the squares the
/// plain range query finds (keys sorted, every resource kind, nulls, merged plots), for areas inside, across and
/// outside the demo world: the route copies the squares' stored objects (a stale one written from its row), and this
/// pins the shape.
@Suite struct LandSquaresRouteBytesTests {
    static let areas: [(Int64, Int64, Int64, Int64)] = [
        (-5, -5, 4, 4), (-32, -32, -23, -23), (22, 22, 31, 31), (-40, -3, -30, 6), (30, 30, 39, 39), (100, 100, 101, 101),
        (0, 0, 0, 0), (-16, 10, -7, 19),
    ]

    @Test func areasMatchTheJSONValueEncodingOfTheRangeQuery() throws {
        let server = try TestServer()
        // A merged plot, so `merges` is not always empty.
        let merged: [Int64] = try server.writer.performAndWait { transaction in
            let ids = try transaction.query("SELECT id FROM land_squares WHERE x IN (0, 1) AND y = 0 ORDER BY x")
                .map { try $0.int64("id") }
            try transaction.run("UPDATE land_squares SET merged_square_ids = ? WHERE id IN (?, ?)",
                                [MergeList.format(ids), ids[0], ids[1]])
            return ids
        }
        #expect(merged.count == 2)
        // An owned square (its `nextAuctionAt` reads null whatever the column holds) with every resource kind around.
        let owner = try MarketRoutesTests.register("owner", on: server)
        try server.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ? WHERE x = 2 AND y = 0", [owner.id])
        }
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        let kinds = try connection.query(
            "SELECT DISTINCT coalesce(resource_kind, 'none') AS kind FROM land_squares WHERE x BETWEEN -5 AND 4 AND y BETWEEN -5 AND 4"
        ).map { try $0.string("kind") }
        connection.close()
        #expect(Set(kinds) == ["none", "farm", "mine", "oil_field"], "\(kinds)")
        try Self.expectAreasMatch(server, note: "")
    }

    /// Expects the route's body for each of `areas` to be the `JSONValue` encoding of the range query's squares.
    static func expectAreasMatch(_ server: TestServer, note: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try server.client()
        defer { client.close() }
        for (minX, minY, maxX, maxY) in areas {
            let response = try client.get("/api/land-squares?minX=\(minX)&minY=\(minY)&maxX=\(maxX)&maxY=\(maxY)")
            #expect(response.status == 200, sourceLocation: sourceLocation)
            let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
            defer { connection.close() }
            // The plain range query, each square read through `World.square(id:)` (the `Row` path).
            let squares = try connection.query(
                "SELECT id FROM land_squares WHERE x BETWEEN ? AND ? AND y BETWEEN ? AND ? ORDER BY y, x",
                [minX, maxX, minY, maxY]
            ).map { try World.square(id: try $0.int64("id"), in: connection) }
            let expected = JSONValue.object(["squares": .array(squares.map(GameJSON.square))]).encoded()
            #expect(String(decoding: response.body, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                    "area \(minX),\(minY) to \(maxX),\(maxY) \(note)", sourceLocation: sourceLocation)
        }
    }
}
