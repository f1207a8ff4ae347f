import Engine
import Game
import HTTP
import Store

/// `POST /api/merges`, `POST /api/land-squares/{id}/upgrades` and the operator's `GET /api/resource-runs`.
///
/// Input is validated on the event loop; merges and upgrades go to the node's `LandService` (the WebSocket `merge`
/// command calls the same function) and answer from its completion, after the commit is durable. The run list reads
/// the loop's own reader connection.
struct ResourceHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator
    let land: LandService

    /// Most square ids accepted in one merge request (the rule's own maximum is lower; this bounds the input).
    static let maxRequestSquares = LandService.maxMergeRequestSquares

    func merge(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let body = try environment.body(request, allowing: ["squareIds"])
            let squareIDs = try Self.squareIDs(body)
            land.merge(playerID: caller.playerID, squareIDs: squareIDs) { result in
                switch result {
                case .success(let merged):
                    responder.respond(APIResponses.json(ResourceJSON.mergeResult(merged), status: .created))
                case .failure(let error):
                    responder.respond(APIResponses.response(for: error, requestID: context.requestID,
                                                            logger: environment.logger))
                }
            }
            return nil
        }
    }

    func upgrade(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let environment = self.environment
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let squareID = try PathParameter.id(request)
            let body = try environment.body(request, allowing: ["kind"])
            let kindText = try body.string("kind", length: 1...64)
            guard let kind = UpgradeKind(rawValue: kindText) else {
                throw ResourceRequestError.unknownUpgradeKind(kind: kindText)
            }
            land.upgrade(playerID: caller.playerID, squareID: squareID, kind: kind) { result in
                switch result {
                case .success(let upgrade):
                    responder.respond(APIResponses.json(ResourceJSON.upgrade(upgrade)))
                case .failure(let error):
                    responder.respond(APIResponses.response(for: error, requestID: context.requestID,
                                                            logger: environment.logger))
                }
            }
            return nil
        }
    }

    func runs(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try authenticator.authenticateAdmin(request, context)
            let query = try QueryParameters(request, allowed: ["limit"])
            var limit: Int64 = 20
            if query.values["limit"] != nil { limit = try query.integer("limit", range: 1...100) }
            let runs = try environment.readers.reader(context.loopIndex).read { database in
                try ResourceRuns.list(limit: Int(limit), in: database)
            }
            return APIResponses.json(["runs": .array(runs.map(ResourceJSON.run))])
        }
    }

    /// The `squareIds` array: 1 to `maxRequestSquares` positive integer ids.
    static func squareIDs(_ body: RequestBody) throws(APIRequestError) -> [Int64] {
        guard let value = body.members["squareIds"] else { throw .missingField(name: "squareIds") }
        guard case .array(let elements) = value else {
            throw .wrongType(field: "squareIds", expected: "array", actual: value.typeName)
        }
        guard (1...maxRequestSquares).contains(elements.count) else {
            throw .integerOutOfRange(field: "squareIds (count)", minimum: 1, maximum: Int64(maxRequestSquares))
        }
        var ids: [Int64] = []
        for element in elements {
            guard case .integer(let id) = element, id >= 1 else {
                throw .wrongType(field: "squareIds", expected: "array of positive integer ids", actual: element.typeName)
            }
            ids.append(id)
        }
        return ids
    }
}
