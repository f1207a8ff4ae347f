@testable import API
import Game
import Store
import Testing
import TestSupport

/// `land_squares.square_json` (migration 0018), the object SQLite's triggers store for each row and the area route
/// copies into its responses, against the API's own writer (`GameJSON.writeSquare`) on a real migrated database:
/// over random rows written by plain UPDATEs (every resource kind, owners, locks, merged plots, timestamps from year
/// 0000 to 9999 with every millisecond digit, negative and 64-bit numbers), for a direct write of the column (replaced
/// by the computed object), and for the rows it cannot write (a timestamp past 9999), where the route encodes the area
/// itself.
@Suite struct SquareJSONColumnTests {
    /// The first and last instants `strftime` writes (0000-01-01T00:00:00.000Z, 9999-12-31T23:59:59.999Z).
    static let earliest: Int64 = -62_167_219_200_000
    static let latest: Int64 = 253_402_300_799_999

    @Test func randomRowsStoreWhatTheAPIWriterWrites() throws {
        let server = try TestServer()
        let owner = try MarketRoutesTests.register("owner", on: server)
        let seed = UInt64.random(in: 0...UInt64.max)
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
        try server.writer.performAndWait { [updates] transaction in
            for update in updates {
                try transaction.run(
                    """
                    UPDATE land_squares SET owner_id = ?2, is_locked = ?3, next_auction_at = ?4, merged_square_ids = ?5
                    WHERE id = ?1
                    """,
                    [update.id, update.ownerID, update.isLocked, update.nextAuctionAt, update.mergedSquareIDs])
                if let assignments = update.resourceAssignments {
                    try transaction.run("UPDATE land_squares SET \(assignments) WHERE id = ?1",
                                        ([update.id] + update.resourceValues).map { $0 as any SQLiteBindable })
                }
            }
        }
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        let stored = try connection.query("SELECT id, square_json FROM land_squares ORDER BY id")
        #expect(stored.count > 1_000)
        var kinds: Set<String> = []
        for row in stored {
            // The square through the `Row` path, written by the API's writer.
            let square = try World.square(id: try row.int64("id"), in: connection)
            var expected: [UInt8] = []
            GameJSON.writeSquare(square, into: &expected)
            let json = try row.optionalString("square_json")
            #expect(json == String(decoding: expected, as: UTF8.self), "seed \(seed), square \(square.id)")
            kinds.insert(square.resource.map { "\($0)".prefix { $0 != "(" } }.map(String.init) ?? "none")
        }
        #expect(kinds == ["none", "farm", "mine", "oilField"], "\(kinds)")
        try connection.execute("BEGIN")
        let audit = try SquareJSONAudit.check(connection)
        try connection.execute("COMMIT")
        #expect(audit.passed, "seed \(seed): \(audit.violations)")
        #expect(audit.scope == "\(stored.count) squares, 0 without a stored object")
    }

    @Test func aDirectWriteOfTheObjectIsReplacedByTheComputedOne() throws {
        let server = try TestServer()
        let (forged, computed) = try server.writer.performAndWait { transaction in
            let row = try #require(try transaction.queryOne("SELECT id, square_json FROM land_squares WHERE x = 2 AND y = 2"))
            let id = try row.int64("id")
            try transaction.run(#"UPDATE land_squares SET square_json = '{"id":0}' WHERE id = ?"#, [id])
            let after = try transaction.queryOne("SELECT square_json FROM land_squares WHERE id = ?", [id])
            return (try after?.optionalString("square_json"), try row.optionalString("square_json"))
        }
        #expect(computed?.hasPrefix(#"{"id":"#) == true)
        #expect(forged == computed)
    }

    /// A database whose squares were stored before migration 0018 holds NULL objects: the route's body for an area of
    /// them is what the decoded squares give, and each square gets its object at its next write.
    @Test func squaresStoredBeforeTheMigrationAreEncodedByTheReaderUntilWritten() throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-square-json")
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        let migrations = try TestMigrations.all()
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        _ = try Migrator.apply(migrations.filter { $0.version < 18 }, to: connection)
        let writer = try Writer(configuration: configuration)
        _ = try writer.performAndWait { transaction in
            try GameSetup.prepare(options: GameSetupOptions(seed: 3, isDemo: true), now: 1_717_200_000_000,
                                  in: transaction)
        }
        writer.shutdown()
        #expect(try Migrator.apply(migrations, to: connection).map(\.version) == [18])
        func body() throws -> (stored: [UInt8], decoded: [UInt8]) {
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return (try GameJSON.squaresBody(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection),
                    GameJSON.squaresBody(try World.squares(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection)))
        }
        let nulls = try connection.queryOne("SELECT count(*) AS n FROM land_squares WHERE square_json IS NULL")
        let squares = try connection.queryOne("SELECT count(*) AS n FROM land_squares")
        #expect(try nulls?.int64("n") == squares?.int64("n"))
        let before = try body()
        #expect(before.stored == before.decoded)
        try connection.run("UPDATE land_squares SET is_locked = is_locked WHERE x = 0 AND y = 0", [])
        let written = try #require(try connection.queryOne("SELECT id, square_json FROM land_squares WHERE x = 0 AND y = 0"))
        var expected: [UInt8] = []
        GameJSON.writeSquare(try World.square(id: try written.int64("id"), in: connection), into: &expected)
        #expect(try written.optionalString("square_json") == String(decoding: expected, as: UTF8.self))
        let after = try body()
        #expect(after.stored == after.decoded)
    }

    /// One square's random cells (Sendable, for the writer's command).
    struct RandomSquare: Sendable {
        var id: Int64
        var ownerID: Int64?
        var isLocked: Bool
        var nextAuctionAt: Int64?
        var mergedSquareIDs: String?
        var resourceAssignments: String?
        var resourceValues: [Int64]
    }

    @Test func aSquareTheSQLCannotWriteIsWrittenByTheRoute() throws {
        let server = try TestServer()
        let (squareID, area) = try server.writer.performAndWait { transaction in
            let square = try #require(try transaction.queryOne("SELECT id FROM land_squares WHERE x = 1 AND y = 1"))
            let id = try square.int64("id")
            // Year 10000: past what `strftime` writes.
            try transaction.run("UPDATE land_squares SET owner_id = NULL, next_auction_at = ?2 WHERE id = ?1",
                                [id, Self.latest + 1])
            return (id, (Int64(-3), Int64(-3), Int64(6), Int64(6)))
        }
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        #expect(try connection.queryOne("SELECT square_json FROM land_squares WHERE id = ?", [squareID])?
            .optionalString("square_json") == nil)
        let client = try server.client()
        defer { client.close() }
        let (minX, minY, maxX, maxY) = area
        let response = try client.get("/api/land-squares?minX=\(minX)&minY=\(minY)&maxX=\(maxX)&maxY=\(maxY)")
        #expect(response.status == 200)
        let squares = try connection.query(
            "SELECT id FROM land_squares WHERE x BETWEEN ? AND ? AND y BETWEEN ? AND ? ORDER BY y, x",
            [minX, maxX, minY, maxY]
        ).map { try World.square(id: try $0.int64("id"), in: connection) }
        #expect(squares.contains { $0.id == squareID })
        let expected = JSONValue.object(["squares": .array(squares.map(GameJSON.square))]).encoded()
        #expect(String(decoding: response.body, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"10000-01-01T00:00:00.000Z\""))
        try connection.execute("BEGIN")
        let audit = try SquareJSONAudit.check(connection)
        try connection.execute("COMMIT")
        #expect(audit.passed)
        #expect(audit.scope.hasSuffix(" squares, 1 without a stored object"), "\(audit.scope)")
    }
}
