import Game
import HTTP
import Store

/// `GET /api/rules` and `GET /api/players`: what the web client needs to show prices and names, not ids.
///
/// `rules` answers the node's merge and upgrade rules (the figures `Merges` and `Upgrades` charge), so the client
/// shows "Merge: 100 gold, +5 % output" and "Upgrade: 200 gold + 40 wheat" without copies of the numbers.
/// `players` answers the usernames of up to `Players.maxNameLookup` player ids (owners, bidders, sellers), so the
/// client names other players. Read-only: `players` reads the loop's own reader connection; `rules` is built once.
struct ClientInfoHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator

    /// `GET /api/rules`, with the rules encoded once.
    func rulesHandler() -> HTTPHandler {
        let rules = APIResponses.json(Self.rules(environment.configuration.resources))
        let environment = self.environment
        return { request, context, responder in
            APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
                _ = try QueryParameters(request, allowed: [])
                return rules
            }
        }
    }

    func players(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try authenticator.authenticate(request, context)
            let query = try QueryParameters(request, allowed: ["ids"])
            let ids = try Self.ids(query)
            let names = try environment.readers.reader(context.loopIndex).read { database in
                try Players.names(ids: ids, in: database)
            }
            let players: [JSONValue] = names.keys.sorted().map { id in
                ["id": .integer(id), "username": .string(names[id] ?? "")]
            }
            return APIResponses.json(["players": .array(players)])
        }
    }

    /// The `ids` parameter: 1 to `Players.maxNameLookup` positive decimal ids separated by commas.
    static func ids(_ query: QueryParameters) throws(APIRequestError) -> [Int64] {
        guard let text = query.values["ids"] else { throw .missingParameter(name: "ids") }
        let expected = "1 to \(Players.maxNameLookup) positive integer ids separated by commas"
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...Players.maxNameLookup).contains(parts.count) else { throw .invalidParameter(name: "ids", expected: expected) }
        var ids: [Int64] = []
        for part in parts {
            guard let id = PathParameter.decimal(String(part)), id >= 1 else {
                throw .invalidParameter(name: "ids", expected: expected)
            }
            ids.append(id)
        }
        return ids
    }

    /// The JSON of the rules (documented as `GameRules` in `OpenAPISchemas+Client`).
    static func rules(_ configuration: ResourceConfiguration) -> JSONValue {
        [
            "merge": [
                "goldPerSquare": .integer(configuration.mergeGoldPerSquare),
                "bonusPercentPerSquare": .integer(configuration.mergeBonusPercentPerSquare),
                "maxBonusPercent": .integer(configuration.maxMergeBonusPercent),
                "minSquares": .integer(Int64(configuration.mergeSquareRange.lowerBound)),
                "maxSquares": .integer(Int64(configuration.mergeSquareRange.upperBound)),
            ],
            "upgrades": [
                "goldPerLevel": .integer(configuration.upgradeGoldPerLevel),
                "resourcePerLevel": .integer(configuration.upgradeResourcePerLevel),
                "maxFarmLevel": .integer(configuration.maxFarmLevel),
                "maxOilTechnologyLevel": .integer(configuration.maxOilTechnologyLevel),
                "mineRateStep": .integer(configuration.mineRateStep),
                "maxMineDepletionRate": .integer(configuration.maxMineDepletionRate),
                "kinds": .array(UpgradeKind.allCases.map { kind in
                    [
                        "kind": .string(kind.rawValue), "resourceKind": .string(kind.resourceKind),
                        "paidResource": .string(kind.paidResource.rawValue),
                    ]
                }),
            ],
        ]
    }
}
