import Game
import HTTP
import Store

/// `GET /api/me`, `GET /api/land-squares`, `GET /api/land-squares/{id}`, `GET /api/regions` and the operator's
/// `GET /api/admin/ledger`.
///
/// Read-only: each answers from its event loop's own reader connection (one WAL snapshot, never waiting for the writer).
struct WorldHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator

    /// Coordinates accepted in area queries.
    static let coordinateRange: ClosedRange<Int64> = -1_000_000_000...1_000_000_000

    func me(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            _ = try QueryParameters(request, allowed: [])
            let view = try environment.readers.reader(context.loopIndex).read { database in
                try PlayerView.load(playerID: caller.playerID, in: database)
            }
            guard let view else { throw AuthError.unknownPlayer(playerID: caller.claims.subject) }
            return APIResponses.json(GameJSON.player(view))
        }
    }

    /// The query parameters of `GET /api/land-squares` (built once, not per request).
    private static let areaParameters: Set<String> = ["minX", "minY", "maxX", "maxY"]

    func landSquares(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let query = try QueryParameters(request, allowed: Self.areaParameters)
            let minX = try query.integer("minX", range: Self.coordinateRange)
            let minY = try query.integer("minY", range: Self.coordinateRange)
            let maxX = try query.integer("maxX", range: Self.coordinateRange)
            let maxY = try query.integer("maxY", range: Self.coordinateRange)
            guard minX <= maxX else { throw APIRequestError.invertedRange(axis: "X") }
            guard minY <= maxY else { throw APIRequestError.invertedRange(axis: "Y") }
            let width = maxX - minX + 1
            let height = maxY - minY + 1
            let limit = environment.configuration.maxAreaSquares
            guard width <= limit, height <= limit, width * height <= limit else {
                throw APIRequestError.areaTooLarge(width: width, height: height, maxSquares: limit)
            }
            let area = LandAreaCache.Area(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
            let cache = environment.landAreaCache
            let body = try environment.readers.reader(context.loopIndex).read { database -> [UInt8] in
                // The first statement of the read transaction: the version of the snapshot everything below reads.
                var version: Int64?
                try database.forEachRow("PRAGMA data_version", []) { row throws(StoreError) in version = try row.int64(0) }
                if let version, let body = cache.body(for: area, version: version, loopIndex: context.loopIndex) {
                    return body
                }
                let body = try GameJSON.squaresBody(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database)
                if let version { cache.store(body, for: area, version: version, loopIndex: context.loopIndex) }
                return body
            }
            return APIResponses.json(encoded: body)
        }
    }

    func landSquare(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let id = try PathParameter.id(request)
            _ = try QueryParameters(request, allowed: [])
            let square = try environment.readers.reader(context.loopIndex).read { database in
                try World.square(id: id, in: database)
            }
            return APIResponses.json(GameJSON.square(square))
        }
    }

    func regions(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try QueryParameters(request, allowed: [])
            let regions = try environment.readers.reader(context.loopIndex).read { database in
                try World.regions(in: database)
            }
            return APIResponses.json(["regions": .array(regions.map(GameJSON.region))])
        }
    }

    /// Per asset: how much the mint issued and where it sits now (players' available and escrow, fees, treasury).
    func ledgerSummary(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try authenticator.authenticateAdmin(request, context)
            _ = try QueryParameters(request, allowed: [])
            let rows = try environment.readers.reader(context.loopIndex).read { database in
                try database.query("SELECT asset, kind, sum(balance) AS total FROM accounts GROUP BY asset, kind")
            }
            var totals: [String: [String: Int64]] = [:]
            for row in rows {
                totals[try row.string("asset"), default: [:]][try row.string("kind")] = try row.int64("total")
            }
            let assets: [JSONValue] = Asset.allCases.map { asset in
                let sums = totals[asset.rawValue] ?? [:]
                return [
                    "asset": .string(asset.rawValue), "issued": .integer(-(sums["mint"] ?? 0)),
                    "available": .integer(sums["available"] ?? 0), "escrow": .integer(sums["escrow"] ?? 0),
                    "fees": .integer(sums["fees"] ?? 0), "treasury": .integer(sums["treasury"] ?? 0),
                ]
            }
            return APIResponses.json(["assets": .array(assets)])
        }
    }
}
