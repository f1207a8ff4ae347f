import ClockTesting
import Foundation
import Game
import Replication
import Store
import TestSupport
import Testing

/// Schema migrations across a pair, on real WAL files without HTTP: the standby (one release newer) migrates at its own
/// start and keeps applying the older primary's records; the primary then migrates in place while the standby follows,
/// logging the migration as a record the standby checks; a migration that changed rows sends the standby to a
/// snapshot; a standby that lacks the primary's migration refuses its record.
@Suite struct MigrationReplicationTests {
    static let base = try? Migration(fileName: "0001_base.sql",
                                     contents: ReplicationRoundTripTests.migration + ReplicationRoundTripTests.schema)
    /// The next release's migration: a column with a default and a table (schema only, changes no row).
    static let expand = try? Migration(fileName: "0002_item_notes.sql", contents: """
        ALTER TABLE items ADD COLUMN note TEXT NOT NULL DEFAULT 'none';
        CREATE TABLE item_tags(id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, tag TEXT NOT NULL) STRICT;
        """)
    /// A migration that rewrites rows.
    static let rewrite = try? Migration(fileName: "0003_upper_labels.sql", contents: "UPDATE items SET label = upper(label);")

    /// One node over the database at `path`, opened as the product opens it: migrations first (logged on a primary
    /// with history), then the writer with the recorder, the node's position read from the log.
    final class Node {
        let path: String
        let node: ReplicationNode
        let writer: Writer
        let applier: ReplicationApplier
        let applied: [Migration]

        init(path: String, role: ReplicationRole, migrations: [Migration]) throws {
            self.path = path
            let store = StoreConfiguration(path: path)
            let connection = try Connection(configuration: store, readOnly: false)
            applied = try Migrator.apply(migrations, to: connection,
                                         recording: ReplicationMigrationRecord.recording(clock: ManualClock(milliseconds: 7)))
            let stored = try ReplicationLog.nodeRow(in: connection)
            if stored.role != role { try ReplicationLog.setRole(role, term: stored.term, nowMilliseconds: 7, in: connection) }
            let head = try ReplicationLog.head(in: connection)
            connection.close()
            let node = ReplicationNode(role: role, term: stored.term, headSeq: head?.seq ?? 0,
                                       headChecksum: head?.checksum ?? ReplicationChecksum.initial,
                                       headCommittedAtMilliseconds: head?.committedAt ?? 0,
                                       primaryURL: role == .standby ? "http://primary:1" : nil)
            self.node = node
            let feed = ReplicationFeed()
            let recorder = ReplicationRecorder(node: node, feed: feed, pruner: ReplicationPruner(retainedRecords: 1_000, feed: feed),
                                               clock: ManualClock(milliseconds: 42))
            // As `Node` wires it: a primary's batches store the land squares' objects they left stale.
            let isPrimary: @Sendable () -> Bool = { node.isPrimary }
            writer = try Writer(configuration: store, observers: [recorder],
                                preCommitStep: SquareObjects.preCommitStep(isPrimary: isPrimary))
            applier = ReplicationApplier(writer: writer, node: node, clock: ManualClock(milliseconds: 43)) { _ in }
        }

        func records(after seq: Int64) throws -> [ReplicationRecord] {
            try writer.performAndWait { try ReplicationLog.records(after: seq, maxBytes: .max, in: $0) }
        }

        func rows(_ sql: String) throws -> [String] {
            try writer.performAndWait { transaction in
                try transaction.query(sql).map { row in
                    row.values.map { value -> String in
                        switch value {
                        case .null: "nil"
                        case .integer(let number): String(number)
                        case .real(let number): String(number)
                        case .text(let text): text
                        case .blob(let bytes): "x'\(bytes.count)'"
                        }
                    }.joined(separator: "|")
                }
            }
        }

        func insert(_ ids: ClosedRange<Int>, note: Bool = false) throws {
            for id in ids {
                try writer.performAndWait { transaction in
                    if note {
                        try transaction.run("INSERT INTO items(id, label, note) VALUES (?, ?, ?)", [id, "item\(id)", "n\(id)"])
                    } else {
                        try transaction.run("INSERT INTO items(id, label) VALUES (?, ?)", [id, "item\(id)"])
                    }
                }
            }
        }

        /// Stops the writer (the process of this release exits).
        func stop() { writer.shutdown() }
    }

    /// Follows `primary` until the standby applied its whole log.
    static func follow(_ standby: Node, _ primary: Node) throws {
        try standby.applier.apply(try primary.records(after: standby.node.current.headSeq))
    }

    @Test func standbyOneReleaseAheadFollowsThenThePrimaryMigratesInPlaceWhileItFollows() throws {
        let base = try #require(Self.base), expand = try #require(Self.expand)
        let directory = try TemporaryDirectory(prefix: "migration-replication")
        var primary = try Node(path: directory.file("primary.db"), role: .primary, migrations: [base])
        var standby = try Node(path: directory.file("standby.db"), role: .standby, migrations: [base])
        defer { primary.stop(); standby.stop() }
        try primary.insert(1...3)
        try Self.follow(standby, primary)

        // Release N+1 on the standby: it migrates at its own start (not logged: it is a standby) ...
        standby.stop()
        standby = try Node(path: standby.path, role: .standby, migrations: [base, expand])
        #expect(standby.applied.map(\.version) == [2])
        #expect(try standby.records(after: 0).count == 3, "a standby's own migration is not logged")
        // ... and keeps applying the release-N primary's records into tables that now have more columns.
        try primary.insert(4...5)
        try primary.writer.performAndWait { try $0.run("UPDATE items SET label = 'renamed' WHERE id = 2") }
        try Self.follow(standby, primary)
        #expect(try standby.rows("SELECT id, label, note FROM items WHERE id IN (2, 5) ORDER BY id")
                == ["2|renamed|none", "5|item5|none"])

        // Release N+1 on the primary, restarted in place while the standby keeps following: the migration is logged.
        primary.stop()
        primary = try Node(path: primary.path, role: .primary, migrations: [base, expand])
        let logged = try #require(try primary.records(after: 6).first)
        let announcement = try #require(ReplicationMigrationRecord.announcement(in: logged))
        #expect(announcement.version == 2 && announcement.fileName == "0002_item_notes.sql")
        #expect(logged.changeset.isEmpty, "a schema-only migration changes no row")
        try primary.insert(6...7, note: true)
        try primary.writer.performAndWait { try $0.run("INSERT INTO item_tags(id, item_id, tag) VALUES (1, 6, 'new')") }
        try Self.follow(standby, primary)

        #expect(standby.node.current.headSeq == primary.node.current.headSeq)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        for query in ["SELECT id, label, note FROM items ORDER BY id", "SELECT id, item_id, tag FROM item_tags ORDER BY id",
                      "SELECT version, file_name, checksum FROM schema_migrations ORDER BY version",
                      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"] {
            #expect(try standby.rows(query) == primary.rows(query), "\(query)")
        }
        #expect(try standby.rows("SELECT note FROM items WHERE id = 7") == ["n7"])
    }

    /// Rows written before the migration added `items.note NOT NULL DEFAULT 'none'`, changed after it on the primary:
    /// SQLite 3.40 reads their `note` as NULL in the pre-update hook, and a changeset saying so conflicts on the standby,
    /// whose rows read 'none'. The recorder records the default, so the standby applies the changes and converges.
    @Test func oldRowsChangedAfterAColumnWithADefaultWasAddedReachTheStandby() throws {
        let base = try #require(Self.base), expand = try #require(Self.expand)
        let directory = try TemporaryDirectory(prefix: "migration-replication")
        var primary = try Node(path: directory.file("primary.db"), role: .primary, migrations: [base])
        var standby = try Node(path: directory.file("standby.db"), role: .standby, migrations: [base])
        defer { primary.stop(); standby.stop() }
        try primary.insert(1...4)
        try Self.follow(standby, primary)
        standby.stop()
        standby = try Node(path: standby.path, role: .standby, migrations: [base, expand])
        primary.stop()
        primary = try Node(path: primary.path, role: .primary, migrations: [base, expand])
        try Self.follow(standby, primary)

        try primary.writer.performAndWait { try $0.run("UPDATE items SET note = 'changed' WHERE id = 1") }
        try primary.writer.performAndWait { try $0.run("UPDATE items SET label = 'renamed' WHERE id = 2") }
        try primary.writer.performAndWait { try $0.run("DELETE FROM items WHERE id = 3") }
        try primary.insert(5...5, note: true)
        try Self.follow(standby, primary)

        #expect(standby.node.current.headSeq == primary.node.current.headSeq)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        let query = "SELECT id, label, note FROM items ORDER BY id"
        #expect(try primary.rows(query) == ["1|item1|changed", "2|renamed|none", "4|item4|none", "5|item5|n5"])
        #expect(try standby.rows(query) == primary.rows(query))
    }

    @Test func aMigrationThatChangedRowsSendsTheStandbyToASnapshotAfterApplyingWhatCameBefore() throws {
        let base = try #require(Self.base), rewrite = try #require(Self.rewrite)
        let directory = try TemporaryDirectory(prefix: "migration-replication")
        var primary = try Node(path: directory.file("primary.db"), role: .primary, migrations: [base])
        var standby = try Node(path: directory.file("standby.db"), role: .standby, migrations: [base])
        defer { primary.stop(); standby.stop() }
        try primary.insert(1...2)
        try Self.follow(standby, primary)
        standby.stop()
        standby = try Node(path: standby.path, role: .standby, migrations: [base, rewrite])
        try primary.insert(3...3)
        primary.stop()
        primary = try Node(path: primary.path, role: .primary, migrations: [base, rewrite])
        let records = try primary.records(after: 2)
        #expect(records.count == 2 && !records[1].changeset.isEmpty, "the UPDATE's rows are in the migration record")
        #expect(throws: ReplicationError.rebootstrapNeeded(seq: 4, reason: "migration 0003_upper_labels.sql changed rows on the primary")) {
            try standby.applier.apply(records)
        }
        #expect(standby.node.current.headSeq == 3, "the record before the migration was applied")
    }

    @Test func aStandbyWithoutThePrimarysMigrationRefusesItsRecordAndAppliesNothing() throws {
        let base = try #require(Self.base), expand = try #require(Self.expand)
        let directory = try TemporaryDirectory(prefix: "migration-replication")
        var primary = try Node(path: directory.file("primary.db"), role: .primary, migrations: [base])
        let standby = try Node(path: directory.file("standby.db"), role: .standby, migrations: [base])
        defer { primary.stop(); standby.stop() }
        try primary.insert(1...2)
        try Self.follow(standby, primary)
        primary.stop()
        primary = try Node(path: primary.path, role: .primary, migrations: [base, expand])
        try primary.insert(3...3, note: true)
        #expect(throws: ReplicationError.migrationMissing(version: 2, fileName: "0002_item_notes.sql")) {
            try Self.follow(standby, primary)
        }
        #expect(standby.node.current.headSeq == 2)
        #expect(try standby.rows("SELECT count(*) FROM items") == ["2"])
    }

    /// The repository's migration 0017 (the hot tables' CHECK lists as OR chains, stored text only, and their indexes)
    /// on real data: it changes no row, so its record ships with an empty changeset and a running standby that applied
    /// it at its own start takes the record without a snapshot; both end with the same schema text.
    @Test func theHotWriteSchemaMigrationChangesNoRowAndReachesARunningStandbyThroughTheLog() throws {
        try Self.shipRowlessMigration(17, seed: Self.ledgerSeed) { primary, standby in
            try Self.expectATransferFollows(reference: "auction:1", from: primary, to: standby)
        }
    }

    /// The repository's migration 0018 (the land squares' stored objects: a column, the guard trigger, a partial index)
    /// on real squares: it changes no row, so its record ships with an empty changeset to a running standby; then the
    /// primary's game writes (the guard leaves squares stale, the pre-commit step stores them) and its backfill of the
    /// squares from before the migration reach the standby in the changesets, byte for byte, while the standby's own
    /// writer (applying them) stores nothing itself.
    @Test func theSquareObjectMigrationShipsToARunningStandbyAndTheObjectsFollowInTheLog() throws {
        try Self.shipRowlessMigration(18, seed: Self.squaresSeed) { primary, standby in
            // The batch that read the migration's record already stored the 4 squares from before 0018 (its
            // pre-commit step); the backfill finds none left.
            #expect(try SquareObjects.backfill(writer: primary.writer) == 0)
            try primary.writer.performAndWait { transaction in
                try transaction.run("UPDATE land_squares SET is_locked = 1, farm_level = 2 WHERE id = 1")
            }
            try Self.follow(standby, primary)
            let objects = "SELECT id, square_json FROM land_squares ORDER BY id"
            #expect(try primary.rows(objects).allSatisfy { !$0.hasSuffix("|nil") })
            #expect(try standby.rows(objects) == primary.rows(objects))
            #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
            // Objects replicate; the export's change log saw only the game's UPDATE of a shown column, not the objects.
            #expect(try primary.rows("SELECT collection, row_id FROM export_changes WHERE collection = 'squares'")
                    == ["squares|1"])
        }
    }

    /// The repository's migration 0019 (the market audit's index on `transfers.reference` dropped): it changes no row,
    /// so its record ships with an empty changeset to a running standby, both end with the same schema, and the
    /// primary's transfers after it still reach the standby.
    @Test func theTransferIndexMigrationChangesNoRowAndReachesARunningStandbyThroughTheLog() throws {
        try Self.shipRowlessMigration(19, seed: Self.ledgerSeed) { primary, standby in
            #expect(try primary.rows("SELECT name FROM sqlite_schema WHERE name = 'transfers_order_reference'").isEmpty)
            try Self.expectATransferFollows(reference: "order:2", from: primary, to: standby)
        }
    }

    /// The repository's migration 0020 (the square objects' guard narrowed to changed values: a trigger recreated) on
    /// real squares: it changes no row, so its record ships with an empty changeset to a running standby; the primary's
    /// game writes after it reach the standby as before, and a statement that keeps every shown value keeps the object.
    @Test func theNarrowedGuardMigrationChangesNoRowAndReachesARunningStandbyThroughTheLog() throws {
        try Self.shipRowlessMigration(20, seed: Self.squaresSeed) { primary, standby in
            try SquareObjects.backfill(writer: primary.writer)
            try primary.writer.performAndWait { transaction in
                try transaction.run("UPDATE land_squares SET is_locked = is_locked WHERE id = 2")
                try transaction.run("UPDATE land_squares SET is_locked = 1, farm_level = 2 WHERE id = 1")
            }
            try Self.follow(standby, primary)
            let objects = "SELECT id, square_json FROM land_squares ORDER BY id"
            let rows = try primary.rows(objects)
            #expect(rows.allSatisfy { !$0.hasSuffix("|nil") }, "\(rows)")
            #expect(rows.first?.contains(#"{"id":1,"isLocked":true,"#) == true, "\(rows)")
            #expect(try standby.rows(objects) == rows)
            #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        }
    }

    /// A player with 5 gold granted by the mint: the rows the ledger migrations' tests start from.
    static let ledgerSeed = """
        INSERT INTO players (id, username, username_key, password_hash, role, created_at, last_active_at)
        VALUES (1, 'ada', 'ada', 'x', 'player', 0, 0);
        INSERT INTO accounts (id, kind, asset, player_id, balance)
        VALUES (1, 'available', 'gold', 1, 5), (2, 'mint', 'gold', NULL, -5);
        INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
        VALUES ('gold', 2, 1, 5, 'grant', 'order:1', 0);
        """

    /// Four squares of one region (farms with timestamps, a locked one, empty ones): the square migration's start.
    static let squaresSeed = """
        INSERT INTO regions (id, region_x, region_y, name, biome, is_open, opened_at)
        VALUES (1, 0, 0, 'r', 'plains', 1, 0);
        INSERT INTO land_squares (id, x, y, region_id, is_locked, next_auction_at, resource_kind, farm_level,
            farm_next_harvest_at) VALUES
            (1, 0, 0, 1, 0, 1717200000000, 'farm', 1, 1717203600000), (2, 1, 0, 1, 0, NULL, NULL, NULL, NULL),
            (3, 0, 1, 1, 1, 1717200000000, NULL, NULL, NULL), (4, 1, 1, 1, 0, NULL, 'farm', 3, 1717200000001);
        """

    /// Runs the repository's migration `version` between a primary and a running standby that hold `seed` (written
    /// through the migrations before it): the standby applies it at its own start, the primary's one record of it has
    /// an empty changeset (the migration rewrote no row). `check` then gets both migrated nodes.
    static func shipRowlessMigration(_ version: Int, seed: String,
                                     then check: (_ primary: Node, _ standby: Node) throws -> Void) throws {
        let all = try TestMigrations.all()
        let before = all.filter { $0.version < version }, through = all.filter { $0.version <= version }
        let directory = try TemporaryDirectory(prefix: "migration-replication")
        var primary = try Node(path: directory.file("primary.db"), role: .primary, migrations: before)
        var standby = try Node(path: directory.file("standby.db"), role: .standby, migrations: before)
        defer { primary.stop(); standby.stop() }
        try primary.writer.performAndWait { transaction in try transaction.execute(seed) }
        try follow(standby, primary)

        standby.stop()
        standby = try Node(path: standby.path, role: .standby, migrations: through)
        #expect(standby.applied.map(\.version) == [version])
        let head = primary.node.current.headSeq
        primary.stop()
        primary = try Node(path: primary.path, role: .primary, migrations: through)
        let records = try primary.records(after: head)
        #expect(records.count == 1)
        #expect(records.first.flatMap(ReplicationMigrationRecord.announcement(in:))?.version == version)
        #expect(records.first?.changeset.isEmpty == true, "the migration rewrote no row")
        try check(primary, standby)
    }

    /// A transfer written on the migrated primary reaches the standby: same head, transfers and schema text.
    static func expectATransferFollows(reference: String, from primary: Node, to standby: Node) throws {
        try primary.writer.performAndWait { transaction in
            try transaction.run("""
                INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
                VALUES ('gold', 1, 2, 2, 'fee', ?, 1)
                """, [reference])
        }
        try follow(standby, primary)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        for query in ["SELECT id, asset, amount, reference FROM transfers ORDER BY id",
                      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"] {
            #expect(try standby.rows(query) == primary.rows(query), "\(query)")
        }
        #expect(try primary.rows("PRAGMA integrity_check") == ["ok"])
    }
}
