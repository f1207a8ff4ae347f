@testable import Game
import Store
import StoreTesting
import Testing

/// What the schema makes every hot write pay, on the migrated schema: no CHECK of a table that a bid, an order, a fill,
/// a cancel or a settlement writes compiles to a temporary B-tree (SQLite builds one for an `IN (...)` list of more
/// than two values on every INSERT, about 19k instructions a statement); each rewritten CHECK still accepts exactly
/// the values it accepted and refuses others as a CHECK violation; and those tables keep exactly the indexes a read
/// needs, so an index added back (a B-tree insert and often one more page per COMMIT) fails here until it is listed.
@Suite struct HotWriteSchemaTests {
    /// One CHECKed column of a hot table: an INSERT whose `?1` is the column's value (the other columns chosen so that
    /// every allowed value passes the table's other CHECKs), the values the CHECK allows, and an UPDATE of the column.
    struct CheckedColumn: CustomStringConvertible, Sendable {
        var table: String
        var column: String
        var allowed: [String]
        var insert: String

        var description: String { "\(table).\(column)" }
        /// The UPDATE of the column on the row just inserted (nil for a column of a WITHOUT ROWID table's key: that
        /// table's rows are only inserted or upserted).
        var update: String? {
            table == "market_maker_volume" ? nil
                : "UPDATE \(table) SET \(column) = ?1 WHERE rowid = last_insert_rowid()"
        }
    }

    static let assets = ["gold", "wheat", "oil", "ore"]
    static let resources = ["wheat", "oil", "ore"]

    static let columns: [CheckedColumn] = [
        CheckedColumn(table: "auction_bids", column: "status",
                      allowed: ["standing", "replaced", "outbid", "won", "lost", "released"],
                      insert: "INSERT INTO auction_bids (auction_id, player_id, amount, placed_at, status) VALUES (1, 1, 5, 0, ?1)"),
        CheckedColumn(table: "transfers", column: "asset", allowed: assets, insert: """
            INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, created_at)
            VALUES (?1, 1, 2, 5, 'test', 0)
            """),
        CheckedColumn(table: "accounts", column: "kind", allowed: ["available", "escrow", "mint", "fees", "treasury"],
                      insert: """
            INSERT INTO accounts (kind, asset, player_id, balance)
            VALUES (?1, 'gold', CASE WHEN ?1 = 'available' OR ?1 = 'escrow' THEN 1 END, 0)
            """),
        CheckedColumn(table: "accounts", column: "asset", allowed: assets,
                      insert: "INSERT INTO accounts (kind, asset, player_id, balance) VALUES ('available', ?1, 1, 0)"),
        CheckedColumn(table: "auctions", column: "status",
                      allowed: ["scheduled", "in-progress", "completed", "failed", "cancelled"], insert: """
            INSERT INTO auctions (auction_type, status, start_time, end_time, original_end_time, reserve_price,
                                  min_increment, created_at)
            VALUES ('blind', ?1, 0, 10, 10, 0, 1, 0)
            """),
        CheckedColumn(table: "market_orders", column: "resource", allowed: resources, insert: """
            INSERT INTO market_orders (player_id, resource, side, price, quantity, remaining, escrow,
                                       is_immediate_or_cancel, status, created_at, updated_at, expires_at)
            VALUES (1, ?1, 'buy', 2, 3, 3, 6, 0, 'open', 0, 0, 10)
            """),
        CheckedColumn(table: "market_orders", column: "status", allowed: ["open", "filled", "cancelled", "expired"],
                      insert: """
            INSERT INTO market_orders (player_id, resource, side, price, quantity, remaining, escrow,
                                       is_immediate_or_cancel, status, created_at, updated_at, expires_at)
            VALUES (1, 'wheat', 'sell', 2, 3, CASE WHEN ?1 = 'filled' THEN 0 ELSE 3 END,
                    CASE WHEN ?1 = 'open' THEN 3 ELSE 0 END, 0, ?1, 0, 0, 10)
            """),
        CheckedColumn(table: "market_trades", column: "resource", allowed: resources, insert: """
            INSERT INTO market_trades (resource, price, quantity, fee, buyer_id, seller_id, taker_side, created_at)
            VALUES (?1, 2, 3, 0, 1, 2, 'buy', 0)
            """),
        CheckedColumn(table: "market_maker_volume", column: "resource", allowed: resources, insert: """
            INSERT INTO market_maker_volume (player_id, resource, side, day, quantity) VALUES (1, ?1, 'buy', 1, 3)
            """),
        CheckedColumn(table: "market_listings", column: "status", allowed: ["active", "sold", "cancelled", "expired"],
                      insert: """
            INSERT INTO market_listings (square_id, seller_id, pricing, start_price, floor_price, decline_ms, status,
                                         created_at, expires_at, closed_at, buyer_id, sold_price, fee)
            VALUES (1, 1, 'fixed', 5, 5, 0, ?1, 0, 10, CASE WHEN ?1 = 'active' THEN NULL ELSE 5 END,
                    CASE WHEN ?1 = 'sold' THEN 2 END, CASE WHEN ?1 = 'sold' THEN 5 END, CASE WHEN ?1 = 'sold' THEN 1 END)
            """),
        CheckedColumn(table: "export_changes", column: "collection",
                      allowed: ["players", "squares", "auctions", "trades", "resource_runs"],
                      insert: "INSERT INTO export_changes (collection, row_id) VALUES (?1, 1)"),
        CheckedColumn(table: "jobs", column: "state", allowed: ["pending", "running", "done", "failed", "dead"],
                      insert: """
            INSERT INTO jobs (kind, state, run_at, max_attempts, lease_owner, lease_expires_at, created_at, updated_at)
            VALUES ('test', ?1, 0, 1, CASE WHEN ?1 = 'running' THEN 'w' END, CASE WHEN ?1 = 'running' THEN 9 END, 0, 0)
            """),
    ]

    /// Values every list refuses: none, another case, a trailing space, a value of another list, a non-text value.
    static let refused: [any SQLiteBindable] = ["", "GOLD", "open ", "unknown", "standing-x", Int64(1)]

    /// The indexes of the write-hot tables, each with a read that needs it (reads named in the comments).
    static let hotIndexes: [String: Set<String>] = [
        // The bid's own standing bid and the one-standing-bid rule (unique); the admin's and the audit's standing
        // bids by player.
        "auction_bids": ["auction_bids_one_standing",
                         // An auction's bids in rank order (the bid, the list, settlement).
                         "auction_bids_auction"],
        // A player's ledger history and `verify`'s per-account sums (the market audit scans the orders' legs).
        "transfers": ["transfers_from", "transfers_to"],
        // An account by player, kind and asset; a system account by kind and asset (both unique).
        "accounts": ["accounts_player", "accounts_system"],
        // The book's best bids and asks, a player's open orders, the expiry job.
        "market_orders": ["market_orders_bids", "market_orders_asks", "market_orders_player_open",
                          "market_orders_open_expiry"],
        // The recent trades of one resource.
        "market_trades": ["market_trades_resource"],
        // The auctions list and the settlement job.
        "auctions": ["auctions_status_end"],
        // The relay's unsent messages; `dedupe_key` is UNIQUE.
        "outbox": ["outbox_unsent", "sqlite_autoindex_outbox_1"],
        // UNIQUE (collection, row_id): the export's change log keeps one entry a row.
        "export_changes": ["sqlite_autoindex_export_changes_1"],
    ]

    static func opcodes(of sql: String, in connection: Connection) throws -> [String] {
        try connection.query("EXPLAIN " + sql, ["x"]).map { try $0.string("opcode") }
    }

    @Test(arguments: columns)
    func aCheckedColumnCompilesToComparisonsNotATemporaryBTree(column: CheckedColumn) throws {
        let database = try GameDatabase()
        try database.read { connection in
            for sql in [column.insert, column.update].compactMap({ $0 }) {
                let opcodes = try Self.opcodes(of: sql, in: connection)
                #expect(opcodes.contains("Halt"))
                #expect(!opcodes.contains("OpenEphemeral"), "\(column): \(sql)")
            }
        }
    }

    @Test(arguments: columns)
    func aCheckedColumnAcceptsItsValuesAndRefusesOthersAsACheckViolation(column: CheckedColumn) throws {
        let database = try GameDatabase()
        let connection = try Connection(configuration: database.configuration, readOnly: false)
        defer { connection.close() }
        // Rows alone, without their parents: this test is about the CHECKs.
        try connection.execute("PRAGMA foreign_keys = OFF")
        for value in column.allowed {
            try connection.execute("SAVEPOINT value")
            try connection.run(column.insert, [value])
            if let update = column.update {
                try connection.run(update, [value])
                #expect(connection.changes == 1, "\(column) = \(value)")
            }
            try connection.execute("ROLLBACK TO value; RELEASE value")
        }
        for value in Self.refused {
            try connection.execute("SAVEPOINT value")
            defer { try? connection.execute("ROLLBACK TO value; RELEASE value") }
            let error = #expect(throws: StoreError.self, "\(column) = \(value)") { try connection.run(column.insert, [value]) }
            guard case .sqlite(let code, let message, _)? = error else { continue }
            // SQLITE_CONSTRAINT_CHECK: the error the API answers as a 409 conflict, like every constraint violation.
            #expect(code == 275, "\(column) = \(value): \(message)")
            #expect(error?.isConstraintViolation == true)
        }
    }

    @Test func theSettledAuctionTriggerComparesWithoutAList() throws {
        let database = try GameDatabase()
        try database.read { connection in
            let sql = try connection.queryOne(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'export_auctions_settled'")?.string("sql")
            #expect(sql?.contains("NEW.status = 'completed' OR NEW.status = 'failed' OR NEW.status = 'cancelled'") == true)
        }
    }

    @Test func theWriteHotTablesHaveOnlyTheIndexesAReadNeeds() throws {
        let database = try GameDatabase()
        try database.read { connection in
            for (table, expected) in Self.hotIndexes {
                let names = try connection.query("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?",
                                                 [table]).map { try $0.string("name") }
                #expect(Set(names) == expected, "\(table): \(names.sorted())")
            }
        }
    }

    /// The reads the narrowed and re-keyed indexes serve still seek them: a player's standing bids (admin release, audit) and a bidder's own
    /// standing bid on an auction.
    @Test func theReadsOfTheChangedIndexesStillSeekThem() throws {
        let database = try GameDatabase()
        try database.read { connection in
            // The market audit reads the orders once and scans `transfers` once (no seek per order).
            let (_, audit) = try connection.recordingStatements { try MarketAudit.orderEscrowMatchesLedger(connection) }
            #expect(audit.count == 2, "\(audit)")
            let legsPlan = try QueryPlan(of: MarketAudit.legsSQL, in: connection)
            #expect(legsPlan.details == ["SCAN transfers"], "\(legsPlan)")
            let byPlayer = try QueryPlan(
                of: "SELECT id, amount FROM auction_bids WHERE player_id = ? AND status = 'standing' ORDER BY id",
                [Int64(1)], in: connection)
            #expect(byPlayer.details.first == "SEARCH auction_bids USING INDEX auction_bids_one_standing (player_id=?)",
                    "\(byPlayer)")
            let forBid = try QueryPlan(of: Auctions.forBidSQL, [Int64(1), Int64(2)], in: connection)
            #expect(forBid.mentions("SEARCH b USING INDEX auction_bids_one_standing (player_id=? AND auction_id=?)"),
                    "\(forBid)")
            #expect(forBid.fullTableScans.isEmpty, "\(forBid)")
        }
    }
}
