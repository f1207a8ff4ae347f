import Game
import HTTP
import Store

/// `GET /api/me/ledger` and `GET /api/me/squares`: the calling player's own ledger entries and squares, for the web
/// client's account tab.
///
/// Read-only: each answers from its event loop's own reader connection (one WAL snapshot, never waiting for the
/// writer). Only the caller's own accounts and squares are read; the player comes from the token alone.
struct MeHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator

    /// Ledger entries per page when `limit` is absent, and the most a page may ask for.
    static let defaultLedgerLimit: Int64 = 50
    static let maxLedgerLimit: Int64 = 200
    /// Most squares one `GET /api/me/squares` returns (the lowest ids); `isTruncated` says when there are more.
    static let maxOwnedSquares = 1_000

    func ledger(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let query = try QueryParameters(request, allowed: ["limit", "before"])
            var limit = Self.defaultLedgerLimit
            if query.values["limit"] != nil { limit = try query.integer("limit", range: 1...Self.maxLedgerLimit) }
            let before = query.values["before"] != nil ? try query.integer("before", range: 1...Int64.max) : nil
            let page = try environment.readers.reader(context.loopIndex).read { database in
                try Ledger.entries(playerID: caller.playerID, before: before, limit: Int(limit), in: database)
            }
            return APIResponses.json([
                "entries": .array(page.entries.map(Self.entry)), "nextBefore": .optional(page.nextBefore),
            ])
        }
    }

    func squares(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            _ = try QueryParameters(request, allowed: [])
            let owned = try environment.readers.reader(context.loopIndex).read { database in
                try World.squares(ownedBy: caller.playerID, limit: Self.maxOwnedSquares, in: database)
            }
            return APIResponses.json([
                "squares": .array(owned.squares.map(GameJSON.square)), "total": .integer(owned.total),
                "isTruncated": .bool(owned.total > Int64(owned.squares.count)),
            ])
        }
    }

    /// The JSON of one entry (documented as `LedgerEntry` in `OpenAPISchemas+Me`).
    static func entry(_ entry: LedgerEntry) -> JSONValue {
        [
            "id": .integer(entry.transferID), "asset": .string(entry.asset.rawValue), "amount": .integer(entry.amount),
            "account": .string(entry.account.rawValue), "reason": .string(entry.reason.rawValue),
            "reference": entry.reference.map(JSONValue.string) ?? .null,
            "counterparty": .string(entry.counterparty.rawValue), "createdAt": Timestamp.json(entry.createdAt),
        ]
    }
}
