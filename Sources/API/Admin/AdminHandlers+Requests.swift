import Game
import HTTP
import Store

/// The checks and answers every operator route shares: who acts, the path id, the query parameters and the body, in
/// that order, then an answer from the loop's reader (`read`) or from a service's completion (`act`).
extension AdminHandlers {
    /// An operator's request once admitted: who acts, the path id (0 when the route has none) and the query.
    struct Admitted {
        var actor: AdminActor
        var id: Int64
        var query: QueryParameters
    }

    /// The operator (`APIEnvironment.admitOperator`), then the path parameter `pathID` (when the route has one),
    /// then the query parameters `allowed`.
    func admit(_ request: HTTPRequest, _ context: RequestContext, pathID: String?,
               query allowed: Set<String>) throws -> Admitted {
        let actor = try environment.admitOperator(request, context)
        let id: Int64 = if let pathID { try PathParameter.id(request, pathID) } else { 0 }
        return Admitted(actor: actor, id: id, query: try QueryParameters(request, allowed: allowed))
    }

    /// Answers an operator's read: `admit`'s checks, then `body`'s JSON from one snapshot of the loop's reader.
    func read(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder, pathID: String? = nil,
              query allowed: Set<String> = [], _ body: (Admitted, any SQLExecutor) throws -> JSONValue) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let admitted = try admit(request, context, pathID: pathID, query: allowed)
            return APIResponses.json(try environment.readers.reader(context.loopIndex).read { database in
                try body(admitted, database)
            })
        }
    }

    /// Runs an operator's action: `admit`'s checks (no query parameters), then `body`, which checks the request body
    /// and hands the action to a service whose completion answers (see `answer`).
    func act(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder, pathID: String? = nil,
             _ body: (Admitted) throws -> Void) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            try body(try admit(request, context, pathID: pathID, query: []))
            return nil
        }
    }

    /// A completion that answers `encode(value)` with `status`, or the mapped error.
    func answer<T: Sendable>(_ responder: Responder, _ context: RequestContext, status: HTTPStatus = .ok,
                             _ encode: @escaping @Sendable (T) -> JSONValue) -> @Sendable (Result<T, any Error>) -> Void {
        let logger = environment.logger
        let requestID = context.requestID
        return { result in
            switch result {
            case .success(let value): responder.respond(APIResponses.json(encode(value), status: status))
            case .failure(let error): responder.respond(APIResponses.response(for: error, requestID: requestID, logger: logger))
            }
        }
    }

    /// The optional `limit` query parameter (1 to `maxLimit`, `defaultLimit` when absent).
    static func limit(_ query: QueryParameters) throws(APIRequestError) -> Int {
        guard query.values["limit"] != nil else { return Int(defaultLimit) }
        return Int(try query.integer("limit", range: 1...maxLimit))
    }

    /// The body `{"reason"}` of a cancel or suspend: 1 to 500 characters.
    func requiredReason(_ request: HTTPRequest) throws(APIRequestError) -> String {
        let body = try environment.body(request, allowing: ["reason"])
        return try body.string("reason", length: Self.reasonLength)
    }

    /// A POST without fields: no body, or a JSON object with no members (`{}`).
    func emptyBody(_ request: HTTPRequest) throws(APIRequestError) {
        guard !request.body.isEmpty else { return }
        _ = try environment.body(request, allowing: [])
    }
}
