import Game

extension OpenAPISchemas {
    /// An object whose `required` properties must be present and whose others may be absent (the health answer
    /// leaves out what the node does not know).
    static func partialObject(_ properties: [String: JSONValue], required: [String], description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "required": .array(required.sorted().map(JSONValue.string)),
            "additionalProperties": false,
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static let nullableString: JSONValue = ["type": "string", "nullable": true]
    static let boolean: JSONValue = ["type": "boolean"]
    static let string: JSONValue = ["type": "string"]

    /// Schemas of the operators' routes (`AdminHandlers`).
    static var adminSchemas: [String: JSONValue] {
        [
            "AdminHealth": partialObject([
                "role": ["type": "string", "enum": ["primary", "standby"]], "term": integer,
                "version": partialObject(["release": string, "schema": ["type": "integer", "nullable": true],
                                          "protocol": ["type": "integer", "nullable": true]],
                                         required: ["release", "schema", "protocol"]),
                "replication": partialObject([
                    "mode": ["type": "string", "enum": ["async", "sync"]], "standbyConnected": boolean,
                    "lagRecords": integer, "lagMs": integer, "degraded": boolean, "fenced": boolean,
                ], required: ["mode", "fenced"]),
                "ready": object(["ok": boolean, "reasons": ["type": "array", "items": string]]),
                "storage": object(["freeBytes": integer, "floorBytes": integer, "full": boolean]),
                "backup": [
                    "type": "object", "nullable": true, "additionalProperties": false,
                    "properties": ["lastAt": timestamp, "ageSeconds": integer], "required": ["ageSeconds", "lastAt"],
                    "description": "null when no backup directory is configured or it holds no backup",
                ],
                "recentErrors": ["type": "array", "items": object([
                    "at": timestamp, "message": string, "requestID": nullableString,
                ])],
            ], required: ["role", "version", "ready", "backup", "recentErrors"],
               description: "What status, /ready and the metrics know; fields the node does not know are absent."),
            "AdminSchedule": object([
                "name": string, "kind": string, "cadence": string, "nextRunAt": timestamp,
                "lastRunAt": nullableTimestamp,
                "lastOutcome": ["type": "string", "enum": ["done", "dead", "failed", "pending", "running", "purged", "never"]],
                "lastError": nullableString,
            ]),
            "AdminScheduleList": object(["schedules": ["type": "array", "items": reference("AdminSchedule")]]),
            "AdminJob": object([
                "id": integer, "kind": string,
                "state": ["type": "string", "enum": ["pending", "running", "done", "failed", "dead"]],
                "attempts": integer, "maxAttempts": integer, "runAt": timestamp, "updatedAt": timestamp,
                "lastError": nullableString,
            ]),
            "AdminJobList": object(["jobs": ["type": "array", "items": reference("AdminJob")]]),
            "AdminJobResult": object(["job": reference("AdminJob")]),
            "AdminReason": object(["reason": ["type": "string", "minLength": 1, "maxLength": 500]],
                                  description: "Why; recorded in the audit trail. Unknown fields are rejected."),
            "AdminCancelledAuction": object(["auction": reference("Auction")]),
            "AdminBid": object([
                "id": integer, "playerId": integer, "playerName": string, "amount": integer,
                "status": ["type": "string", "enum": ["standing", "replaced", "outbid", "won", "lost", "released"]],
                "placedAt": timestamp,
            ]),
            "AdminBidList": object([
                "auctionId": integer, "status": string, "bids": ["type": "array", "items": reference("AdminBid")],
            ]),
            "AdminPlayer": object([
                "id": integer, "name": string, "role": ["type": "string", "enum": ["player", "admin"]],
                "suspended": boolean, "suspendedReason": nullableString,
                "gold": ["type": "integer", "format": "int64", "description": "Available gold"],
                "escrow": ["type": "integer", "format": "int64", "description": "Gold held by standing bids and open orders"],
            ]),
            "AdminPlayerList": object(["players": ["type": "array", "items": reference("AdminPlayer")]]),
            "AdminPlayerDetail": object([
                "player": reference("AdminPlayer"), "squares": ["type": "array", "items": reference("LandSquare")],
                "squareCount": integer, "ledger": ["type": "array", "items": reference("LedgerEntry")],
            ]),
            "AdminPlayerResult": object(["player": reference("AdminPlayer")]),
            "AdminSuspension": object([
                "player": reference("AdminPlayer"), "releasedBids": integer, "cancelledOrders": integer,
            ]),
            "AdminVerify": object([
                "ok": boolean, "checks": ["type": "array", "items": object(["name": string, "ok": boolean, "detail": string])],
            ]),
            "AdminMarketMaker": object([
                "treasury": ["type": "integer", "format": "int64", "description": "The treasury's gold"],
                "gold": ["type": "integer", "format": "int64", "description": "The maker's available gold"],
                "resources": ["type": "array", "items": object([
                    "resource": ["type": "string", "enum": ["wheat", "oil", "ore"]], "stock": integer,
                    "dailyCap": integer, "soldToday": integer, "boughtToday": integer,
                ])],
            ]),
            "AdminTopUp": object([
                "resource": ["type": "string", "enum": ["gold", "oil", "ore", "wheat"]],
                "quantity": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
            ], description: "Paid by the treasury through the ledger. Unknown fields are rejected."),
            "AdminResourceRuns": object([
                "schedules": ["type": "array", "items": reference("AdminSchedule")],
                "runs": ["type": "array", "items": reference("ResourceRun")],
            ]),
            "AdminAuditEntry": object([
                "id": integer, "at": timestamp, "adminId": integer, "adminName": string,
                "action": ["type": "string", "enum": .array(AdminAudit.Action.allCases.map { .string($0.rawValue) })],
                "target": string, "details": ["type": "object"], "remoteAddress": string, "requestID": string,
                "traceID": nullableString,
            ]),
            "AdminAuditPage": object([
                "entries": ["type": "array", "items": reference("AdminAuditEntry")],
                "nextBefore": ["type": "integer", "format": "int64", "nullable": true],
            ]),
        ]
    }
}
