import HTTP

extension OpenAPIDocument {
    /// The operators' console routes (`AdminHandlers`): admin role, rate-limited per operator, every action audited.
    static var adminOperations: [OpenAPIOperation] {
        let forbidden = "forbidden: needs an admin token"
        let limited = "rate_limited (per operator)"
        let limit = parameter("limit", in: "query", description: "1 to 200 (default 50)",
                              schema: ["type": "integer", "minimum": 1, "maximum": 200])
        func read(_ path: String, _ id: String, _ summary: String, parameters: [JSONValue] = [], schema: String,
                  badRequest: String = "unknown_parameter", notFound: String? = nil) -> OpenAPIOperation {
            var statuses: [Int: String] = [400: badRequest, 401: unauthorized, 403: forbidden, 429: limited]
            if let notFound { statuses[404] = notFound }
            return OpenAPIOperation(
                method: .get, path: path, operationID: id, summary: summary, tag: "admin", access: .admin,
                parameters: parameters, responses: responses(200, "OK", OpenAPISchemas.reference(schema), errors: statuses))
        }
        func write(_ path: String, _ id: String, _ summary: String, parameters: [JSONValue] = [], body: String?,
                   schema: String, badRequest: String, notFound: String?, conflict: String?) -> OpenAPIOperation {
            var statuses: [Int: String] = [
                400: badRequest, 401: unauthorized, 403: forbidden, 413: "payload_too_large",
                415: "unsupported_media_type", 429: limited, 503: "server_busy",
            ]
            if let notFound { statuses[404] = notFound }
            if let conflict { statuses[409] = conflict }
            return OpenAPIOperation(
                method: .post, path: path, operationID: id, summary: summary, tag: "admin", access: .admin,
                parameters: parameters, requestSchema: body.map(OpenAPISchemas.reference),
                responses: responses(200, "Done (durable, audited)", OpenAPISchemas.reference(schema), errors: statuses))
        }
        return [
            read("/api/admin/health", "getAdminHealth",
                 "Role, term, version, replication, readiness, storage, last backup, recent errors (admin)",
                 schema: "AdminHealth"),
            read("/api/admin/schedules", "listSchedules", "Schedules with next and last run and its outcome (admin)",
                 schema: "AdminScheduleList"),
            read("/api/admin/jobs", "listJobs", "Jobs newest first, by state; dead = dead letters (admin)",
                 parameters: [parameter("state", in: "query", schema: [
                    "type": "string", "enum": ["pending", "running", "done", "failed", "dead"],
                 ]), limit], schema: "AdminJobList", badRequest: "invalid_parameter, unknown_parameter"),
            write("/api/admin/jobs/{jobId}/retry", "retryJob", "Put a dead or failed job back to pending, due now (admin)",
                  parameters: [pathID("jobId")], body: nil, schema: "AdminJobResult",
                  badRequest: "invalid_parameter, unknown_field (the body, if any, must be {})", notFound: "job_not_found",
                  conflict: "job_not_retryable, job_already_queued"),
            write("/api/admin/jobs/{jobId}/cancel", "cancelJob", "Send a pending, failed or running job to dead (admin)",
                  parameters: [pathID("jobId")], body: nil, schema: "AdminJobResult",
                  badRequest: "invalid_parameter, unknown_field (the body, if any, must be {})", notFound: "job_not_found",
                  conflict: "job_not_cancellable"),
            write("/api/admin/auctions/{auctionId}/cancel", "cancelAuction",
                  "Cancel a scheduled or running auction: every escrow released, bidders told, reason recorded (admin)",
                  parameters: [pathID("auctionId")], body: "AdminReason", schema: "AdminCancelledAuction",
                  badRequest: "missing_field, wrong_type, invalid_length, unknown_field, invalid_json, invalid_parameter",
                  notFound: "auction_not_found", conflict: "auction_not_open (already completed, failed or cancelled)"),
            read("/api/admin/auctions/{auctionId}/bids", "listAuctionBids",
                 "Every bid with amounts and bidders; a sealed auction's view before settlement is audited (admin)",
                 parameters: [pathID("auctionId")], schema: "AdminBidList",
                 badRequest: "invalid_parameter, unknown_parameter", notFound: "auction_not_found"),
            read("/api/admin/players", "searchPlayers", "Players whose name contains the query, by name (admin)",
                 parameters: [parameter(
                    "query", in: "query",
                    description: "Part of a name, any case, at most 32 characters; all players when absent",
                    schema: ["type": "string", "maxLength": 32]), limit],
                 schema: "AdminPlayerList", badRequest: "invalid_parameter, unknown_parameter"),
            read("/api/admin/players/{playerId}", "getAdminPlayer",
                 "A player's standing, gold, escrow, squares and newest ledger entries (admin)",
                 parameters: [pathID("playerId")], schema: "AdminPlayerDetail",
                 badRequest: "invalid_parameter, unknown_parameter", notFound: "player_not_found"),
            write("/api/admin/players/{playerId}/suspend", "suspendPlayer",
                  "Suspend: tokens stop at once (401, sockets close 4003), bids and orders cancelled with escrow released (admin)",
                  parameters: [pathID("playerId")], body: "AdminReason", schema: "AdminSuspension",
                  badRequest: "missing_field, wrong_type, invalid_length, unknown_field, invalid_json, invalid_parameter",
                  notFound: "player_not_found", conflict: "already_suspended, cannot_suspend (an operator, the market maker)"),
            write("/api/admin/players/{playerId}/reinstate", "reinstatePlayer",
                  "Lift a suspension (older tokens stay revoked: the player logs in again) (admin)",
                  parameters: [pathID("playerId")], body: nil, schema: "AdminPlayerResult",
                  badRequest: "invalid_parameter, unknown_field (the body, if any, must be {})",
                  notFound: "player_not_found", conflict: "not_suspended"),
            read("/api/admin/verify", "verifyLedger", "The worldgame verify checks, run live on one snapshot (admin)",
                 schema: "AdminVerify"),
            read("/api/admin/market-maker", "getMarketMaker",
                 "The treasury's gold, the market maker's gold and stock, daily caps and today's volume (admin)",
                 schema: "AdminMarketMaker", notFound: "market_maker_not_found"),
            write("/api/admin/market-maker/top-up", "topUpMarketMaker",
                  "Top the market maker up, paid by the treasury through the ledger (admin)",
                  body: "AdminTopUp", schema: "AdminMarketMaker",
                  badRequest: "missing_field, wrong_type, invalid_field, out_of_range, unknown_field, invalid_json",
                  notFound: "market_maker_not_found", conflict: "treasury_short (the treasury cannot pay)"),
            read("/api/admin/resource-runs", "listAdminResourceRuns",
                 "The resource economy's schedules and newest runs (admin)", parameters: [limit],
                 schema: "AdminResourceRuns", badRequest: "invalid_parameter, unknown_parameter"),
            read("/api/admin/audit", "listAudit", "The operators' audit trail, newest first (admin)",
                 parameters: [limit, parameter("before", in: "query", description: "An entry id: the next older page",
                                               schema: ["type": "integer", "format": "int64", "minimum": 1])],
                 schema: "AdminAuditPage", badRequest: "invalid_parameter, unknown_parameter"),
        ]
    }
}
