import Game
import HTTP

/// `GET /api/admin/audit` and `GET /api/admin/health`.
extension AdminHandlers {
    /// The audit trail, newest first: `?limit=` 1 to 200, `?before=` an entry id (the next older page).
    func audit(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            let query = try QueryParameters(request, allowed: ["limit", "before"])
            let limit = try Self.limit(query)
            let before = query.values["before"] != nil ? try query.integer("before", range: 1...Int64.max) : nil
            let entries = try environment.readers.reader(context.loopIndex).read { database in
                try AdminAudit.list(before: before, limit: limit, in: database)
            }
            return APIResponses.json([
                "entries": .array(entries.map(AdminJSON.auditEntry)),
                "nextBefore": entries.count == limit ? .optional(entries.last?.id) : .null,
            ])
        }
    }

    /// What `worldgame status`, `/ready` and the metrics know, in one answer (fields the node does not know are left
    /// out).
    func health(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            _ = try QueryParameters(request, allowed: [])
            return APIResponses.json(AdminJSON.health(services.health(), now: environment.clock.now.rawValue))
        }
    }
}
