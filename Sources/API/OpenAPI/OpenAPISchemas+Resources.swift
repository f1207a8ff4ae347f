extension OpenAPISchemas {
    /// Schemas of the resource routes' bodies (`ResourceJSON`).
    static var resourceSchemas: [String: JSONValue] {
        let squareIDs: JSONValue = ["type": "array", "items": ["type": "integer", "format": "int64", "minimum": 1]]
        return [
            "MergeRequest": object([
                "squareIds": ["type": "array", "minItems": 1, "maxItems": 64,
                              "items": ["type": "integer", "format": "int64", "minimum": 1]],
            ], description: "2 to 9 distinct, orthogonally contiguous squares owned by the caller."),
            "Merge": object([
                "id": integer, "ownerId": integer, "squareIds": squareIDs, "bonusPercent": integer,
                "goldCost": integer, "createdAt": timestamp,
            ], description: "A merged plot; each square's yield gets bonusPercent more while its merger owns it."),
            "MergeResponse": object([
                "merge": reference("Merge"), "squares": ["type": "array", "items": reference("LandSquare")],
            ]),
            "UpgradeRequest": object([
                "kind": ["type": "string", "enum": ["farm_level", "oil_technology", "mine_rate"]],
            ]),
            "UpgradeResponse": object([
                "square": reference("LandSquare"), "kind": ["type": "string", "enum": ["farm_level", "oil_technology", "mine_rate"]],
                "level": integer,
                "cost": object([
                    "gold": integer, "resource": ["type": "string", "enum": ["wheat", "ore", "oil"]],
                    "resourceAmount": integer,
                ]),
            ], description: "level: the farm level, oil technology level or mine depletion rate reached."),
            "ResourceRun": object([
                "runId": integer, "status": ["type": "string", "enum": ["running", "completed", "failed"]],
                "dueAt": timestamp, "startTime": timestamp, "endTime": nullableTimestamp,
                "updatedItems": integer, "failedItems": integer, "chunks": integer, "cursor": integer,
                "lastSquareId": integer,
                "yielded": object(["wheat": integer, "ore": integer, "oil": integer]),
                "newDeposits": integer, "error": ["type": "string", "nullable": true],
            ], description: "One resource update run, processed in chunks of square ids."),
            "ResourceRunList": object(["runs": ["type": "array", "items": reference("ResourceRun")]]),
        ]
    }
}
