import Store

/// The upkeep of the land squares' stored JSON objects (`land_squares.square_json`, migration 0018): storing the
/// objects of the squares that are stale (NULL), from their rows.
///
/// Exists so that no write path can leave a wrong object behind: a statement that changes a shown column without
/// setting the object leaves it NULL (the guard trigger), and the writer's pre-commit step (`preCommitStep`) stores
/// the stale squares' objects before each batch's COMMIT, so a game write commits its squares' objects in its own
/// transaction and its own changeset, whatever path made it. The resource batch and the world generator write the
/// object in their own statements (they write most squares). Squares left stale by SQL on another connection or stored
/// before the migration are stored by the next batches and by `backfill` (a primary at start). A standby never runs
/// either: its objects come in the primary's changesets. Runs on the writer thread, inside a batch.
public enum SquareObjects {
    /// At most this many stale squares stored by the pre-commit step of one batch (a game command stales a few; the
    /// bound keeps a batch after an operator's bulk UPDATE short, the rest following in the next batches).
    public static let preCommitLimit = 256

    /// At most this many stale squares stored by one backfill command.
    public static let backfillChunk = 1_024

    /// The stale squares' rows, in id order, through the partial index of migration 0018: one step into an empty
    /// index when none is stale, the cost every batch pays. `INDEXED BY`: a scan of the table in rowid order would
    /// also give id order without a sort, and read every square.
    static let staleSQL = """
        SELECT \(LandSquare.columns) FROM land_squares INDEXED BY land_squares_json_stale
        WHERE square_json IS NULL ORDER BY id LIMIT ?1
        """
    static let storeSQL = "UPDATE land_squares SET square_json = ?2 WHERE id = ?1"

    /// Whether any square is stale: the first entry of the stale index, no parameter, no column read (SQLite drops the
    /// `square_json IS NULL` term, which the partial index implies, and seeks no table row). What a batch that staled
    /// no square pays for the upkeep (measured: a lone bid's step 4.4k -> about 1.5k instructions).
    static let anyStaleSQL = """
        SELECT 1 FROM land_squares INDEXED BY land_squares_json_stale WHERE square_json IS NULL LIMIT 1
        """

    /// Stores the objects of up to `limit` stale squares, each written from its row; returns how many it stored.
    @discardableResult
    public static func storeStale(limit: Int, in transaction: Transaction) throws(GameError) -> Int {
        var objects: [(squareID: Int64, object: [UInt8])] = []
        try storeCall { () throws(StoreError) in
            try transaction.forEachRow(staleSQL, [limit]) { row throws(StoreError) in
                var object: [UInt8] = []
                object.reserveCapacity(200)
                try SquareJSON.write(row: row, into: &object)
                objects.append((row.strictInt64(LandSquare.Column.id), object))
            }
            // Written after the read: an UPDATE removes the row from the index the read walks.
            for (squareID, object) in objects {
                try transaction.run(storeSQL, [squareID, SQLiteTextBytes(object)])
            }
        }
        return objects.count
    }

    /// Whether any square is stale (see `anyStaleSQL`).
    public static func hasStale(in transaction: Transaction) throws(GameError) -> Bool {
        var found = false
        try storeCall { () throws(StoreError) in
            try transaction.forEachRow(anyStaleSQL, []) { _ throws(StoreError) in found = true }
        }
        return found
    }

    /// The pre-commit step's work on a primary: up to `preCommitLimit` stale squares stored, after the probe; a batch
    /// that staled no square (most: bids, orders) pays only the probe.
    static func storeStaleIfAny(in transaction: Transaction) throws(GameError) {
        if try hasStale(in: transaction) { try storeStale(limit: preCommitLimit, in: transaction) }
    }

    /// How many squares are stale.
    public static func staleCount(in database: any SQLExecutor) throws(GameError) -> Int64 {
        try storeCall { () throws(StoreError) in
            try database.queryOne(
                "SELECT count(*) AS n FROM land_squares INDEXED BY land_squares_json_stale WHERE square_json IS NULL"
            )?.int64("n") ?? 0
        }
    }

    /// The writer's pre-commit step that stores up to `preCommitLimit` stale squares in every batch, while
    /// `isPrimary()` (a standby's writer applies the primary's changesets, which carry the objects). On a database
    /// whose schema predates migration 0018 (no stale index: a writer over another schema) it stores nothing, rather
    /// than failing every batch.
    public static func preCommitStep(isPrimary: @escaping @Sendable () -> Bool) -> WriterPreCommitStep {
        WriterPreCommitStep(name: "land-square-objects") { transaction in
            guard isPrimary() else { return }
            do {
                try storeStaleIfAny(in: transaction)
            } catch let GameError.store(.sqlite(code, message, _)) where code == 1 && message.hasPrefix("no such") {
                return
            }
        }
    }

    /// Stores every stale square's object, `backfillChunk` per writer command (other commands run between them), until
    /// none is stale or `shouldStop()`; returns how many it stored. Blocks the calling thread (never the writer's or an
    /// event loop's): a primary runs it at start, after the world is ready.
    @discardableResult
    public static func backfill(writer: Writer, shouldStop: @Sendable () -> Bool = { false }) throws -> Int {
        var total = 0
        while !shouldStop() {
            let stored = try writer.performAndWait { transaction in
                try storeStale(limit: backfillChunk, in: transaction)
            }
            total += stored
            if stored < backfillChunk { break }
        }
        return total
    }
}
