@testable import Game
import Store
import StoreTesting
import Testing
import TestSupport

/// The upkeep of the land squares' stored JSON objects (migration 0018): the guard trigger leaves a square stale when a
/// statement changes what its object shows without storing it, the writer's pre-commit step stores the stale ones
/// before COMMIT, the resource batch stores the object in its own UPDATE, squares from before the migration are
/// backfilled, and an area read gives the same bytes whether an object is stored or stale.
@Suite struct SquareObjectsTests {
    static let now = GameDatabase.epoch + 1_000

    /// The object `SquareJSON`'s value writer gives for square `id` as stored now.
    static func expectedObject(_ id: Int64, in database: any SQLExecutor) throws -> String {
        var bytes: [UInt8] = []
        SquareJSON.write(try World.square(id: id, in: database), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func storedObject(_ id: Int64, in database: any SQLExecutor) throws -> String? {
        try database.queryOne("SELECT square_json FROM land_squares WHERE id = ?", [id])?.optionalString("square_json")
    }

    @Test func aGeneratedWorldStoresEveryObjectWithItsRows() throws {
        let database = try GameDatabase(seed: 1)
        #expect(try database.squareObjectProblems().isEmpty)
        #expect(try database.read { try SquareObjects.staleCount(in: $0) } == 0)
    }

    @Test func aStatementThatForgetsTheObjectLeavesItStaleAndTheBatchStoresItBeforeCommit() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada")
        let square = try database.firstSquare(kind: "farm")
        let playerID = player.id
        let insideCommand = try database.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET owner_id = ?2, farm_level = 3 WHERE id = ?1", [square.id, playerID])
            return try Self.storedObject(square.id, in: transaction)
        }
        #expect(insideCommand == nil, "the guard left the square stale inside the command")
        let after = try database.read { connection in
            (try Self.storedObject(square.id, in: connection), try Self.expectedObject(square.id, in: connection))
        }
        #expect(after.0 == after.1)
        #expect(after.0?.contains(#""ownerId":\#(playerID)"#) == true)
        try database.expectSquareObjectsCurrent("an UPDATE that forgot the object")
    }

    @Test func theResourceBatchStoresTheNewObjectInItsOwnUpdate() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada", gold: 0)
        let farm = try database.firstSquare(kind: "farm")
        try database.execute("UPDATE land_squares SET owner_id = ?2, is_locked = 1, merged_square_ids = ?3 WHERE id = ?1",
                             [farm.id, player.id, "\(farm.id),\(farm.id + 1)"])
        let dueAt = Self.now + 400 * 3_600_000
        let (stored, expected, changes) = try database.writer.performAndWait { transaction in
            let loaded = try ResourceSquareBatch.load(after: farm.id - 1, through: farm.id, dueAt: dueAt,
                                                      configuration: ResourceConfiguration(), in: transaction)
            let square = try #require(loaded.squares.first)
            let outcome = try #require(ResourceRules.produce(
                square.resource, producedUntil: square.producedUntil, isOwned: true, bonusPercent: 0, now: dueAt,
                configuration: ResourceConfiguration()))
            let (_, statements) = try transaction.recordingStatements {
                try ResourceSquareBatch.store(square, outcome, in: transaction)
            }
            // Read before the pre-commit step: the UPDATE itself stored the object, and the guard did not clear it.
            return (try Self.storedObject(farm.id, in: transaction), try Self.expectedObject(farm.id, in: transaction),
                    statements.count)
        }
        #expect(stored != nil && stored == expected)
        #expect(stored?.contains(#""isLocked":true,"merges":[\#(farm.id),\#(farm.id + 1)]"#) == true)
        #expect(changes == 1, "one UPDATE per square")
        try database.expectSquareObjectsCurrent("the resource batch")
    }

    @Test func theStepStoresAtMostItsBoundPerBatchAndTheNextBatchesTheRest() throws {
        let database = try GameDatabase(seed: 1)
        let count = SquareObjects.preCommitLimit + 100
        // The bulk UPDATE is a command like any other: the step of its own batch stores the first `preCommitLimit`.
        try database.execute("UPDATE land_squares SET is_locked = 1 - is_locked WHERE id <= ?1", [count])
        #expect(try database.read { try SquareObjects.staleCount(in: $0) } == 100)
        try database.writer.performAndWait { _ in }
        #expect(try database.read { try SquareObjects.staleCount(in: $0) } == 0)
        try database.expectSquareObjectsCurrent("a bulk UPDATE over more squares than one batch stores")
    }

    /// The guard (migration 0020) clears an object only when a shown value changed: a statement that names a shown
    /// column and keeps its value, or sets the object to the same bytes, leaves a correct object stored.
    @Test func theGuardClearsAnObjectOnlyWhenAShownValueChanged() throws {
        let database = try GameDatabase(seed: 1)
        let (kept, sameBytes, changed) = try database.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET is_locked = is_locked, owner_id = owner_id WHERE id = 7")
            let kept = try Self.storedObject(7, in: transaction)
            try transaction.run("UPDATE land_squares SET is_locked = is_locked, square_json = square_json WHERE id = 8")
            let sameBytes = try Self.storedObject(8, in: transaction)
            try transaction.run("UPDATE land_squares SET is_locked = 1 - is_locked WHERE id = 9")
            return (kept, sameBytes, try Self.storedObject(9, in: transaction))
        }
        #expect(kept != nil && sameBytes != nil, "a statement that changed no shown value kept the object")
        #expect(changed == nil, "a changed shown value without the object leaves the square stale")
        try database.expectSquareObjectsCurrent("statements that kept or changed shown values")
    }

    /// A resource chunk leaves no square stale for the pre-commit step: its UPDATE stores each square's object, and
    /// the squares whose object did not change (unowned mines and oil fields: only `produced_until` moves) keep it.
    /// Before migration 0020 the guard cleared those, about a third of a chunk's squares.
    @Test func aResourceChunkLeavesNoSquareStale() throws {
        let database = try GameDatabase(seed: 1)
        let configuration = ResourceConfiguration()
        let dueAt = Self.now + 400 * 3_600_000
        let start = try database.writer.performAndWait { transaction in
            try ResourceRuns.start(dueAt: dueAt, now: dueAt, configuration: configuration, in: transaction)
        }
        guard case .started(let run, _) = start else {
            Issue.record("no run started")
            return
        }
        let (updated, stale) = try database.writer.performAndWait { transaction in
            let result = try ResourceChunk.process(runID: run.id, expectedCursor: run.cursor, now: dueAt,
                                                   configuration: configuration, in: transaction)
            // Read inside the command, before the batch's pre-commit step could store anything.
            return (result?.updatedSquares ?? 0, try SquareObjects.staleCount(in: transaction))
        }
        #expect(updated > 100)
        #expect(stale == 0)
        try database.expectSquareObjectsCurrent("a resource chunk")
    }

    /// A batch that staled no square (a bid, an order) pays one statement for the upkeep: the probe of the stale
    /// index, which reads no row; a batch that staled one runs the store as well.
    @Test func theStepOfABatchThatStaledNothingIsOneProbe() throws {
        let database = try GameDatabase(seed: 1)
        let (clean, staled) = try database.writer.performAndWait { transaction in
            let (_, clean) = try transaction.recordingStatements { try SquareObjects.storeStaleIfAny(in: transaction) }
            try transaction.run("UPDATE land_squares SET is_locked = 1 - is_locked WHERE id = 7")
            let (_, staled) = try transaction.recordingStatements { try SquareObjects.storeStaleIfAny(in: transaction) }
            return (clean, staled)
        }
        #expect(clean == [SquareObjects.anyStaleSQL], "\(clean)")
        #expect(staled == [SquareObjects.anyStaleSQL, SquareObjects.staleSQL, SquareObjects.storeSQL], "\(staled)")
        try database.expectSquareObjectsCurrent("a batch that staled one square")
    }

    /// The resource batch's UPDATE runs `OR FAIL` (no statement journal): a row whose constraint fails is left as it
    /// was, object included, exactly as the default `ABORT` would leave it, and the command can go on.
    @Test func aResourceUpdateThatFailsItsCheckChangesNothing() throws {
        let database = try GameDatabase(seed: 1)
        let farm = try database.firstSquare(kind: "farm")
        let mine = try database.firstSquare(kind: "mine")
        let dueAt = Self.now + 400 * 3_600_000
        let before = try database.read { try Self.storedObject(mine.id, in: $0) }
        let (failed, after) = try database.writer.performAndWait { transaction in
            let loaded = try ResourceSquareBatch.load(after: farm.id - 1, through: farm.id, dueAt: dueAt,
                                                      configuration: ResourceConfiguration(), in: transaction)
            var square = try #require(loaded.squares.first)
            let outcome = try #require(ResourceRules.produce(
                square.resource, producedUntil: square.producedUntil, isOwned: false, bonusPercent: 0, now: dueAt,
                configuration: ResourceConfiguration()))
            square.id = mine.id   // a farm's outcome on a mine: the farm CHECK fails
            var failed = false
            do {
                try ResourceSquareBatch.store(square, outcome, in: transaction)
            } catch {
                failed = true
            }
            return (failed, try Self.storedObject(mine.id, in: transaction))
        }
        #expect(failed)
        #expect(after == before)
        #expect(try database.read { try World.square(id: mine.id, in: $0) } == mine)
        try database.expectSquareObjectsCurrent("a failed resource UPDATE")
    }

    @Test func aStandbysWriterDoesNotStoreObjects() throws {
        let directory = try TemporaryDirectory(prefix: "square-objects")
        let configuration = StoreConfiguration(path: directory.file("standby.db"))
        try TestMigrations.apply(to: configuration)
        let writer = try Writer(configuration: configuration,
                                preCommitStep: SquareObjects.preCommitStep(isPrimary: { false }))
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            _ = try GameSetup.prepare(options: GameSetupOptions(seed: 1, isDemo: true), now: Self.now, in: transaction)
            try transaction.run("UPDATE land_squares SET is_locked = 1 - is_locked WHERE id = 5")
        }
        try writer.performAndWait { _ in }
        #expect(try configuration.read { try SquareObjects.staleCount(in: $0) } == 1)
    }

    /// Squares stored before migration 0018: the migration changes no row (each is stale), an area read still gives
    /// the bytes of their rows, the backfill stores every object, and the audit passes.
    @Test func squaresStoredBeforeTheMigrationAreServedFromTheirRowsAndBackfilled() throws {
        let directory = try TemporaryDirectory(prefix: "square-objects")
        let configuration = StoreConfiguration(path: directory.file("old.db"))
        let all = try TestMigrations.all()
        let connection = try Connection(configuration: configuration, readOnly: false)
        _ = try Migrator.apply(all.filter { $0.version < 18 }, to: connection)
        try connection.execute("""
            INSERT INTO regions (id, region_x, region_y, name, biome, is_open, opened_at) VALUES (1, 0, 0, 'r', 'plains', 1, 0);
            INSERT INTO players (id, username, username_key, password_hash, role, created_at, last_active_at)
                VALUES (1, 'ada', 'ada', 'x', 'player', 0, 0);
            INSERT INTO land_squares (id, x, y, region_id, owner_id, is_locked, next_auction_at, resource_kind, farm_level,
                farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate, oil_capacity, oil_extraction_rate,
                oil_technology_level, merged_square_ids) VALUES
                (1, 0, 0, 1, NULL, 0, 1717200000000, 'farm', 2, 1717203600123, NULL, NULL, NULL, NULL, NULL, NULL),
                (2, 1, 0, 1, 1, 1, 1717200000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2,3'),
                (3, 0, 1, 1, 1, 0, NULL, 'mine', NULL, NULL, 900, 30, NULL, NULL, NULL, '2,3'),
                (4, 1, 1, 1, NULL, 0, NULL, 'oil_field', NULL, NULL, NULL, NULL, 5000, 120, 2, NULL);
            """)
        _ = try Migrator.apply(all, to: connection)
        connection.close()
        #expect(try configuration.read { try SquareObjects.staleCount(in: $0) } == 4)

        var fromRows: [UInt8] = []
        var fromObjects: [UInt8] = []
        try configuration.read { connection in
            var isFirst = true
            try World.forEachSquare(minX: 0, minY: 0, maxX: 1, maxY: 1, in: connection) { square in
                if !isFirst { fromRows.append(UInt8(ascii: ",")) }
                isFirst = false
                SquareJSON.write(square, into: &fromRows)
            }
            try World.writeSquareObjects(minX: 0, minY: 0, maxX: 1, maxY: 1, in: connection, into: &fromObjects)
        }
        #expect(String(decoding: fromObjects, as: UTF8.self) == String(decoding: fromRows, as: UTF8.self))

        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        #expect(try SquareObjects.backfill(writer: writer) == 4)
        var afterBackfill: [UInt8] = []
        try configuration.read { connection in
            #expect(try SquareObjects.staleCount(in: connection) == 0)
            #expect(try SquareObjectAudit.check(connection).passed)
            try World.writeSquareObjects(minX: 0, minY: 0, maxX: 1, maxY: 1, in: connection, into: &afterBackfill)
        }
        #expect(afterBackfill == fromRows)
    }

    /// Whatever a stale square's place in the area, the read splices its row's object in where it belongs.
    @Test func anAreaWithStaleSquaresGivesTheSameBytesAsItsRows() throws {
        let database = try GameDatabase(seed: 1)
        let (ids, bytesBefore) = try database.read { connection in
            let ids = try connection.query(
                "SELECT id FROM land_squares WHERE x BETWEEN -5 AND 4 AND y BETWEEN -5 AND 4 ORDER BY y, x"
            ).map { try $0.int64("id") }
            var bytes: [UInt8] = []
            try World.writeSquareObjects(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection, into: &bytes)
            return (ids, bytes)
        }
        #expect(ids.count == 100)
        // The first, the last and two in the middle, stale on another connection (no pre-commit step there).
        let operator_ = try Connection(configuration: database.configuration, readOnly: false)
        for id in [ids[0], ids[41], ids[42], ids[99]] {
            try operator_.run("UPDATE land_squares SET square_json = NULL WHERE id = ?", [id])
        }
        operator_.close()
        let (stale, bytesAfter, statements) = try database.read { connection in
            var bytes: [UInt8] = []
            let (_, statements) = try connection.recordingStatements {
                try World.writeSquareObjects(minX: -5, minY: -5, maxX: 4, maxY: 4, in: connection, into: &bytes)
            }
            return (try SquareObjects.staleCount(in: connection), bytes, statements.count)
        }
        #expect(stale == 4)
        #expect(statements == 5, "the area, then one row per stale square")
        #expect(bytesAfter == bytesBefore)
    }

    /// `worldgame verify`'s check: an object that is not what its row gives (here written by hand on another
    /// connection, which the guard does not stop: it watches the shown columns) fails it; a stale one passes.
    @Test func theAuditCatchesAnObjectThatDisagreesWithItsRow() throws {
        let database = try GameDatabase(seed: 1)
        let operatorConnection = try Connection(configuration: database.configuration, readOnly: false)
        try operatorConnection.run(#"UPDATE land_squares SET square_json = '{"id":0}' WHERE id = 9"#)
        try operatorConnection.run("UPDATE land_squares SET square_json = NULL WHERE id = 10")
        operatorConnection.close()
        let check = try database.read { try SquareObjectAudit.check($0) }
        #expect(check.violations.count == 1)
        #expect(check.violations.first?.hasPrefix(#"square 9 stores {"id":0}, its row gives {"id":9,"#) == true)
        #expect(check.scope.hasSuffix(" squares, 1 stale"))
        #expect(try database.read { try LedgerAudit.run(in: $0) }.contains { $0.name == check.name && !$0.passed })
    }
}
