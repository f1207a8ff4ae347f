import Codecs
import Store

/// One row of the operators' audit trail (`admin_audit`, migration 0015), with the operator's name.
///
/// A value read from a reader snapshot. Times are Unix milliseconds; `details` is the JSON object the action stored.
public struct AdminAuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Int64
    public var adminID: Int64
    public var adminName: String
    public var action: String
    /// What the action was about: `auction:7`, `player:12`, `job:40`, `market_maker:wheat`.
    public var target: String
    public var details: JSONValue
    public var remoteAddress: String
    public var requestID: String
    public var traceID: String?
}

/// The operators' audit trail: append one row inside the action's writer command, list the newest rows.
///
/// Why in the same transaction: a committed action always has its row and a refused or rolled-back one never has
/// (the writer runs each command in its own savepoint). The table refuses UPDATE and DELETE by trigger. Appends run
/// on the writer thread; lists take any executor (an event loop's reader).
public enum AdminAudit {
    /// The actions the trail records.
    public enum Action: String, Sendable, CaseIterable {
        case auctionCreate = "auction.create"
        case auctionCancel = "auction.cancel"
        /// An operator looked at the bids of a sealed auction before its settlement.
        case auctionBidsView = "auction.bids_view"
        case playerSuspend = "player.suspend"
        case playerReinstate = "player.reinstate"
        case jobRetry = "job.retry"
        case jobCancel = "job.cancel"
        case marketMakerTopUp = "market_maker.top_up"
    }

    /// Appends the row of `action` on `target` by `actor` at `now`; returns its id.
    @discardableResult
    public static func record(_ action: Action, target: String, details: [String: JSONValue] = [:], by actor: AdminActor,
                              now: Int64, in transaction: Transaction) throws(GameError) -> Int64 {
        let detailsText = String(decoding: JSONValue.object(details).encoded(), as: UTF8.self)
        try storeCall { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO admin_audit (at, admin_id, action, target, details, remote_address, request_id, trace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [now, actor.adminID, action.rawValue, target, detailsText, actor.remoteAddress, actor.requestID,
                 actor.traceID])
        }
        return transaction.lastInsertRowID
    }

    /// Up to `limit` rows, newest first, with ids below `before` when given.
    public static func list(before: Int64?, limit: Int, in database: any SQLExecutor) throws(GameError) -> [AdminAuditEntry] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(
                """
                SELECT a.id, a.at, a.admin_id, p.username, a.action, a.target, a.details, a.remote_address,
                       a.request_id, a.trace_id
                FROM admin_audit a JOIN players p ON p.id = a.admin_id
                WHERE a.id < ? ORDER BY a.id DESC LIMIT ?
                """, [before ?? Int64.max, Int64(limit)])
        }
        return try rows.map { row throws(GameError) in
            try storeCall { () throws(StoreError) in
                let id = try row.int64("id")
                let detailsText = try row.string("details")
                let details = (try? JSONParser.parse(Array(detailsText.utf8))) ?? .object([:])
                return AdminAuditEntry(
                    id: id, at: try row.int64("at"), adminID: try row.int64("admin_id"),
                    adminName: try row.string("username"), action: try row.string("action"),
                    target: try row.string("target"), details: details,
                    remoteAddress: try row.string("remote_address"), requestID: try row.string("request_id"),
                    traceID: try row.optionalString("trace_id"))
            }
        }
    }

    /// How many rows the trail holds (tests and the console's count).
    public static func count(in database: any SQLExecutor) throws(GameError) -> Int64 {
        try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT count(*) AS n FROM admin_audit")?.int64("n") ?? 0
        }
    }
}
