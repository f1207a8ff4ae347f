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
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            let query = try QueryParameters(request, allowed: ["query", "limit"])
            let text = query.values["query"] ?? ""
            guard text.count <= 32 else {
                throw APIRequestError.invalidParameter(name: "query", expected: "at most 32 characters")
            }
            let limit = try Self.limit(query)
            let players = try environment.readers.reader(context.loopIndex).read { database in
                try Players.search(text, limit: limit, in: database)
            }
            return APIResponses.json(["players": .array(players.map(AdminJSON.player))])
        }
    }

    /// The player (with suspension and gold), their squares and their newest 50 ledger entries, from one snapshot.
    func playerDetail(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            let playerID = try PathParameter.id(request, "playerId")
            _ = try QueryParameters(request, allowed: [])
            let body = try environment.readers.reader(context.loopIndex).read { database -> JSONValue in
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
            return APIResponses.json(body)
        }
    }

    /// Body `{"reason"}`; answers `{"player":…,"releasedBids","cancelledOrders"}` once durable. The player's tokens
    /// stop at once (401 `account_suspended`) and their sockets close with 4003.
    func suspendPlayer(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let playerID = try PathParameter.id(request, "playerId")
            _ = try QueryParameters(request, allowed: [])
            let body = try RequestBody(request, allowedFields: ["reason"], limitBytes: environment.configuration.maxBodyBytes)
            let reason = try body.string("reason", length: Self.reasonLength)
            let players = services.players
            players.suspend(playerID: playerID, reason: reason, by: actor, auctions: services.auctions,
                            market: services.market, completion: answer(responder, context) { suspension in
                [
                    "player": AdminJSON.player(suspension.player),
                    "releasedBids": .integer(Int64(suspension.releasedBids)),
                    "cancelledOrders": .integer(Int64(suspension.cancelledOrders)),
                ]
            })
            return nil
        }
    }

    func reinstatePlayer(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let playerID = try PathParameter.id(request, "playerId")
            _ = try QueryParameters(request, allowed: [])
            try Self.emptyBody(request, environment: environment)
            services.players.reinstate(playerID: playerID, by: actor, completion: answer(responder, context) { player in
                ["player": AdminJSON.player(player)]
            })
            return nil
        }
    }
}
