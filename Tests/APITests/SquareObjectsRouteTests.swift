@testable import API
import Game
import Store
import Testing
import TestSupport

/// The land squares' stored JSON objects (`land_squares.square_json`, migration 0018) against the route's oracle, the
/// `JSONValue` encoding of `GameJSON.square`, on a real migrated database behind a real socket: over random rows
/// written by plain UPDATEs through the writer (every resource kind, owners, locks, merged plots, timestamps from year
/// 0000 to 9999 and around 0, 64-bit numbers; the seed is printed), which the guard leaves stale and the writer's
/// pre-commit step stores before COMMIT; and for an operator's UPDATE on another connection, which leaves the square
/// stale until the next batch while the route still answers the right bytes.
@Suite struct SquareObjectsRouteTests {
    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z.
    static let earliest: Int64 = -62_167_219_200_000
    static let latest: Int64 = 253_402_300_799_999

    struct RandomSquare: Sendable {
        var id: Int64
        var ownerID: Int64?
        var isLocked: Bool
        var nextAuctionAt: Int64?
        var mergedSquareIDs: String?
        var resourceAssignments: String?
        var resourceValues: [Int64]
    }

    /// The objects stored for every square, each against the `JSONValue` encoding of the square its row decodes to.
    static func objectMismatches(_ server: TestServer, seed: UInt64) throws -> (squares: Int, mismatches: [String]) {
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        let stored = try connection.query("SELECT id, square_json FROM land_squares ORDER BY id")
        var mismatches: [String] = []
        for row in stored {
            let square = try World.square(id: try row.int64("id"), in: connection)
            let expected = String(decoding: GameJSON.square(square).encoded(), as: UTF8.self)
            let json = try row.optionalString("square_json")
            if json != expected { mismatches.append("seed \(seed), square \(square.id): \(json ?? "NULL") != \(expected)") }
        }
        return (stored.count, mismatches)
    }

    @Test func randomRowsWrittenThroughTheWriterStoreTheRoutesObjects() throws {
        let server = try TestServer()
        let owner = try MarketRoutesTests.register("owner", on: server)
        let seed = UInt64.random(in: 0...UInt64.max)
        print("SquareObjectsRouteTests seed \(seed)")
        var random = SeededRandom(seed: seed)
        let boundaries: [Int64] = [Self.earliest, Self.latest, -1, 0, 999, 1_000, 951_782_400_000, 4_107_542_399_999]
        let reader = try Connection(configuration: server.storeConfiguration, readOnly: true)
        let squares = try reader.query("SELECT id, resource_kind FROM land_squares ORDER BY id").map {
            (try $0.int64("id"), try $0.optionalString("resource_kind"))
        }
        reader.close()
        var updates: [RandomSquare] = []
        for (index, (id, kind)) in squares.enumerated() {
            func timestamp() -> Int64 {
                index < boundaries.count ? boundaries[index] : random.integer(in: Self.earliest...Self.latest)
            }
            func number() -> Int64 {
                random.next() % 4 == 0 ? Int64(bitPattern: random.next()) : random.integer(in: -1_000...1_000_000)
            }
            let resource: (String, [Int64])? = switch kind {
            case "farm": ("farm_level = ?2, farm_next_harvest_at = ?3", [number(), timestamp()])
            case "mine": ("mine_remaining_ore = ?2, mine_depletion_rate = ?3", [number(), number()])
            case "oil_field": ("oil_capacity = ?2, oil_extraction_rate = ?3, oil_technology_level = ?4",
                               [number(), number(), number()])
            default: nil
            }
            updates.append(RandomSquare(
                id: id, ownerID: random.next() % 3 == 0 ? owner.id : nil, isLocked: random.next() % 2 == 0,
                nextAuctionAt: random.next() % 5 == 0 ? nil : timestamp(),
                mergedSquareIDs: random.next() % 8 == 0
                    ? MergeList.format([id, id + 1, random.integer(in: 1...5_000)]) : nil,
                resourceAssignments: resource?.0, resourceValues: resource?.1 ?? []))
        }
        // In commands of 200 squares: each batch's pre-commit step stores what its commands left stale (up to its
        // bound), and the batches after the last store the rest.
        for start in stride(from: 0, to: updates.count, by: 200) {
            let slice = Array(updates[start..<min(updates.count, start + 200)])
            try server.writer.performAndWait { transaction in
                for update in slice {
                    try transaction.run(
                        """
                        UPDATE land_squares SET owner_id = ?2, is_locked = ?3, next_auction_at = ?4,
                            merged_square_ids = ?5
                        WHERE id = ?1
                        """,
                        [update.id, update.ownerID, update.isLocked, update.nextAuctionAt, update.mergedSquareIDs])
                    if let assignments = update.resourceAssignments {
                        try transaction.run("UPDATE land_squares SET \(assignments) WHERE id = ?1",
                                            ([update.id] + update.resourceValues).map { $0 as any SQLiteBindable })
                    }
                }
            }
        }
        let (count, mismatches) = try Self.objectMismatches(server, seed: seed)
        #expect(count > 1_000)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        try connection.execute("BEGIN")
        let checks = try LedgerAudit.run(in: connection)
        try connection.execute("COMMIT")
        let audit = try #require(checks.first { $0.name.hasPrefix("land: every square's stored JSON object") })
        #expect(audit.passed, "seed \(seed): \(audit.violations)")
        #expect(audit.scope == "\(count) squares, 0 stale")
        // The route serves the stored objects: the same bytes as its oracle over the range query.
        try LandSquaresRouteBytesTests.expectAreasMatch(server, note: "seed \(seed)")
    }

    @Test func anOperatorsUpdateOnAnotherConnectionIsServedRightAndStoredByTheNextBatch() throws {
        let server = try TestServer()
        let owner = try MarketRoutesTests.register("owner", on: server)
        let operatorConnection = try Connection(configuration: server.storeConfiguration, readOnly: false)
        try operatorConnection.run(
            "UPDATE land_squares SET owner_id = ?1, is_locked = 1 WHERE x BETWEEN -2 AND 1 AND y = 0", [owner.id])
        operatorConnection.close()
        let stale = try server.storeConfiguration.read { try SquareObjects.staleCount(in: $0) }
        #expect(stale == 4)
        try LandSquaresRouteBytesTests.expectAreasMatch(server, note: "stale squares")
        // Any batch stores them (here: a player's registration, which writes no square).
        _ = try MarketRoutesTests.register("next", on: server)
        #expect(try server.storeConfiguration.read { try SquareObjects.staleCount(in: $0) } == 0)
        let (_, mismatches) = try Self.objectMismatches(server, seed: 0)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
        try LandSquaresRouteBytesTests.expectAreasMatch(server, note: "after the next batch")
    }
}
