import Engine
import Game
import HTTP

/// `GET /api/admin/players`, `GET /api/admin/players/{playerId}`, `POST /api/admin/players/{playerId}/suspend` and
/// `/reinstate`.
extension AdminHandlers {
    /// Most squares the player detail lists (lowest ids first).
    static let detailSquareLimit = 500

    /// `?query=` part of a name (0 to 32 characters, any case; all players when empty), `?limit=` 1 to 200.
    func searchPlayers(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder, query: ["query", "limit"]) { admitted, database in
            let text = admitted.query.values["query"] ?? ""
            guard text.count <= 32 else {
                throw APIRequestError.invalidParameter(name: "query", expected: "at most 32 characters")
            }
            let players = try Players.search(text, limit: try Self.limit(admitted.query), in: database)
            return ["players": .array(players.map(AdminJSON.player))]
        }
    }

    /// The player (with suspension and gold), their squares and their newest 50 ledger entries, from one snapshot.
    func playerDetail(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder, pathID: "playerId") { admitted, database in
            let playerID = admitted.id
            guard let summary = try Players.summary(playerID: playerID, in: database) else {
                throw GameError.playerNotFound(playerID: playerID)
            }
            let owned = try World.squares(ownedBy: playerID, limit: Self.detailSquareLimit, in: database)
            let ledger = try Ledger.entries(playerID: playerID, before: nil, limit: Int(Self.defaultLimit), in: database)
            return [
                "player": AdminJSON.player(summary), "squares": .array(owned.squares.map(GameJSON.square)),
                "squareCount": .integer(owned.total), "ledger": .array(ledger.entries.map(MeHandlers.entry)),
            ]
        }
    }

    /// Body `{"reason"}`; answers `{"player":…,"releasedBids","cancelledOrders"}` once durable. The player's tokens
    /// stop at once (401 `account_suspended`) and their sockets close with 4003.
    func suspendPlayer(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "playerId") { admitted in
            let reason = try requiredReason(request)
            services.players.suspend(playerID: admitted.id, reason: reason, by: admitted.actor,
                                     auctions: services.auctions, market: services.market,
                                     completion: answer(responder, context) { suspension in
                [
                    "player": AdminJSON.player(suspension.player),
                    "releasedBids": .integer(Int64(suspension.releasedBids)),
                    "cancelledOrders": .integer(Int64(suspension.cancelledOrders)),
                ]
            })
        }
    }

    func reinstatePlayer(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "playerId") { admitted in
            try emptyBody(request)
            services.players.reinstate(playerID: admitted.id, by: admitted.actor,
                                       completion: answer(responder, context) { ["player": AdminJSON.player($0)] })
        }
    }
}
