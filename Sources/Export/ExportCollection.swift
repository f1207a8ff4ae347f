import Mongo
import Store

/// One exported collection: its name in `export_changes`, its MongoDB collection, and the queries that turn changed
/// or new rows into documents keyed by `_id`.
///
/// Plain values; the six definitions are the whole export surface. Each query names its columns with the document's
/// field names and never selects a secret: no password hash, no bid, and auctions only once they are completed,
/// failed or cancelled (the `status` filter repeats the trigger's rule, so a running auction cannot leak even if the
/// change log held it).
public struct ExportCollection: Sendable, Equatable {
    /// The `export_changes.collection` value.
    public var changeName: String
    /// The MongoDB collection.
    public var mongoName: String
    /// The SQLite table and the select list (columns named as the document's fields, `id AS _id` first).
    var table: String
    var columns: String
    /// An extra condition every exported row must meet (auctions: settled only).
    var condition: String?
    /// Rows are never updated or deleted after insert and ids only grow: new rows are found by id after the
    /// collection's cursor instead of through the change log (no trigger on the hot insert paths).
    public var isFoundByIDCursor: Bool

    /// Every collection, in the order a run writes them.
    public static let all: [ExportCollection] = [players, squares, auctions, trades, resourceRuns, adminAudit]

    public static let players = ExportCollection(
        changeName: "players", mongoName: "players", table: "players",
        columns: "id AS _id, username, role, created_at AS createdAt", condition: nil, isFoundByIDCursor: false)

    /// Squares: inserts through the id cursor, updates through the change log.
    public static let squares = ExportCollection(
        changeName: "squares", mongoName: "squares", table: "land_squares", columns: """
            id AS _id, x, y, region_id AS regionId, owner_id AS ownerId, is_locked AS isLocked,
            next_auction_at AS nextAuctionAt, resource_kind AS resourceKind, farm_level AS farmLevel,
            farm_next_harvest_at AS farmNextHarvestAt, mine_remaining_ore AS mineRemainingOre,
            mine_depletion_rate AS mineDepletionRate, oil_capacity AS oilCapacity,
            oil_extraction_rate AS oilExtractionRate, oil_technology_level AS oilTechnologyLevel, merge_id AS mergeId
            """, condition: nil, isFoundByIDCursor: true)

    public static let auctions = ExportCollection(
        changeName: "auctions", mongoName: "auctions", table: "auctions", columns: """
            id AS _id, auction_type AS auctionType, status, start_time AS startTime, end_time AS endTime,
            reserve_price AS reservePrice, min_increment AS minIncrement, seller_id AS sellerId,
            winner_id AS winnerId, final_price AS finalPrice, created_at AS createdAt, settled_at AS settledAt,
            (SELECT group_concat(square_id) FROM auction_squares WHERE auction_id = auctions.id) AS squareIds
            """, condition: "status IN ('completed', 'failed', 'cancelled')", isFoundByIDCursor: false)

    public static let trades = ExportCollection(
        changeName: "trades", mongoName: "trades", table: "market_trades", columns: """
            id AS _id, resource, price, quantity, fee, buyer_id AS buyerId, seller_id AS sellerId,
            buy_order_id AS buyOrderId, sell_order_id AS sellOrderId, taker_side AS takerSide, created_at AS createdAt
            """, condition: nil, isFoundByIDCursor: true)

    public static let resourceRuns = ExportCollection(
        changeName: "resource_runs", mongoName: "resourceRuns", table: "resource_update_runs", columns: """
            id AS _id, due_at AS dueAt, status, started_at AS startedAt, ended_at AS endedAt, chunks,
            updated_items AS updatedItems, failed_items AS failedItems, yielded_wheat AS yieldedWheat,
            yielded_ore AS yieldedOre, yielded_oil AS yieldedOil, new_deposits AS newDeposits, error
            """, condition: nil, isFoundByIDCursor: false)

    /// The operators' audit trail (append-only: found by id cursor). `details` is the stored JSON object as text.
    public static let adminAudit = ExportCollection(
        changeName: "admin_audit", mongoName: "adminAudit", table: "admin_audit", columns: """
            id AS _id, at AS createdAt, admin_id AS adminId, action, target, details, remote_address AS remoteAddress,
            request_id AS requestId, trace_id AS traceId
            """, condition: nil, isFoundByIDCursor: true)

    /// The documents for the logged changes with `after < seq <= through`.
    func changedDocuments(after: Int64, through: Int64, in connection: Connection) throws(StoreError) -> [BSONDocument] {
        let filter = (condition.map { "\($0) AND " } ?? "")
            + "id IN (SELECT row_id FROM export_changes WHERE collection = '\(changeName)' AND seq > ?1 AND seq <= ?2)"
        return try connection.query("SELECT \(columns) FROM \(table) WHERE \(filter) ORDER BY id", [after, through])
            .map(Self.document)
    }

    /// Up to `limit` rows with an id above `cursor`, in id order (collections found by id cursor).
    func newDocuments(after cursor: Int64, limit: Int, in connection: Connection) throws(StoreError) -> [BSONDocument] {
        try connection.query("SELECT \(columns) FROM \(table) WHERE id > ?1 ORDER BY id LIMIT ?2", [cursor, Int64(limit)])
            .map(Self.document)
    }

    /// A row as a document: integers as int64, `…At`/`…Time` columns as UTC datetimes, `is…` as bools, `squareIds`
    /// (a comma list) as an array of int64, NULL as null.
    static func document(_ row: Row) -> BSONDocument {
        var document = BSONDocument()
        for (name, value) in zip(row.columnNames, row.values) {
            document.append(name, bson(value, field: name))
        }
        return document
    }

    static func bson(_ value: SQLiteValue, field: String) -> BSONValue {
        switch value {
        case .null: return field == "squareIds" ? .array([]) : .null
        case .integer(let number):
            if field.hasSuffix("At") || field.hasSuffix("Time") { return .datetime(number) }
            if field.hasPrefix("is") { return .bool(number != 0) }
            if field == "squareIds" { return .array([.int64(number)]) }
            return .int64(number)
        case .real(let number): return .double(number)
        case .text(let text):
            if field == "squareIds" { return .array(text.split(separator: ",").compactMap { Int64($0) }.map { .int64($0) }) }
            return .string(text)
        case .blob(let bytes): return .binary(subtype: 0, bytes: bytes)
        }
    }
}
