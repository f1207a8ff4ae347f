import Game
import HTTP

/// `GET /api/admin/audit` and `GET /api/admin/health`.
extension AdminHandlers {
    /// The audit trail, newest first: `?limit=` 1 to 200, `?before=` an entry id (the next older page).
    func audit(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder, query: ["limit", "before"]) { admitted, database in
            let limit = try Self.limit(admitted.query)
            let before = admitted.query.values["before"] != nil
                ? try admitted.query.integer("before", range: 1...Int64.max) : nil
            let entries = try AdminAudit.list(before: before, limit: limit, in: database)
            return [
                "entries": .array(entries.map(AdminJSON.auditEntry)),
                "nextBefore": entries.count == limit ? .optional(entries.last?.id) : .null,
            ]
        }
    }

    /// What `worldgame status`, `/ready` and the metrics know, in one answer (fields the node does not know are left
    /// out).
    func health(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context, pathID: nil, query: [])
            return APIResponses.json(AdminJSON.health(services.health(), now: environment.clock.now.rawValue))
        }
    }
}
