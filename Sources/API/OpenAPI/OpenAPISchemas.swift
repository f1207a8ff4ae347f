import Game

/// The reusable schemas (`components.schemas`) of the OpenAPI document: the shapes `GameJSON` and the handlers emit.
///
/// Objects list every property as required and allow no others, so a test that validates real responses against
/// them catches drift in either direction.
enum OpenAPISchemas {
    static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let integer: JSONValue = ["type": "integer", "format": "int64"]
    static let timestamp: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableTimestamp: JSONValue = ["type": "string", "format": "date-time", "nullable": true]

    static func object(_ properties: [String: JSONValue], description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties),
            "required": .array(properties.keys.sorted().map(JSONValue.string)), "additionalProperties": false,
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func assetAmounts(_ description: String) -> JSONValue {
        object(["gold": integer, "wheat": integer, "oil": integer, "ore": integer], description: description)
    }

    static var all: [String: JSONValue] {
        [
            "Error": object([
                "error": object([
                    "code": ["type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "snake_case error code"],
                    "message": ["type": "string", "description": "What happened and what to do"],
                ]),
            ], description: "Every error response has this shape."),
            "Credentials": object([
                "username": ["type": "string", "pattern": .string(Username.pattern), "minLength": 3,
                             "maxLength": 32],
                "password": ["type": "string", "minLength": 8, "maxLength": 128],
            ], description: "Usernames are unique ignoring case. Unknown fields are rejected."),
            "Player": object([
                "id": integer, "username": ["type": "string"], "role": ["type": "string", "enum": ["player", "admin"]],
                "createdAt": timestamp, "lastActiveAt": timestamp,
                "balances": assetAmounts("Spendable holdings; gold in whole units, resources in whole units."),
                "escrow": assetAmounts("Holdings reserved by open bids and orders."),
                "squareCount": integer,
            ]),
            "RegisterResponse": object([
                "player": reference("Player"), "token": ["type": "string", "description": "JWT (HS256) bearer token"],
                "expiresAt": timestamp,
            ]),
            "LoginResponse": object([
                "token": ["type": "string", "description": "JWT (HS256) bearer token"], "expiresAt": timestamp,
                "player": reference("Player"),
            ]),
            "Farm": object(["kind": ["type": "string", "enum": ["farm"]], "level": integer, "nextHarvestAt": timestamp]),
            "Mine": object(["kind": ["type": "string", "enum": ["mine"]], "remainingOre": integer, "depletionRate": integer]),
            "OilField": object([
                "kind": ["type": "string", "enum": ["oil_field"]], "capacity": integer, "extractionRate": integer,
                "technologyLevel": integer,
            ]),
            "LandSquare": object([
                "id": integer, "x": integer, "y": integer, "regionId": integer,
                "ownerId": ["type": "integer", "format": "int64", "nullable": true], "isLocked": ["type": "boolean"],
                "nextAuctionAt": [
                    "type": "string", "format": "date-time", "nullable": true,
                    "description": "When the game next auctions this unowned square; always null for owned land, which only its owner can put up for auction (POST /api/land-squares/{id}/auctions).",
                ],
                "merges": ["type": "array", "items": integer, "description": "Ids of the square's merged plot (empty: not merged)"],
                "resource": [
                    "nullable": true,
                    "oneOf": [reference("Farm"), reference("Mine"), reference("OilField")],
                ],
            ]),
            "LandSquareList": object(["squares": ["type": "array", "items": reference("LandSquare")]]),
            "Region": object([
                "id": integer, "x": integer, "y": integer, "name": ["type": "string"],
                "biome": ["type": "string", "enum": ["plains", "hills", "desert"]], "isOpen": ["type": "boolean"],
                "openedAt": nullableTimestamp, "minX": integer, "minY": integer, "maxX": integer, "maxY": integer,
                "squareCount": integer,
            ], description: "A block of 16x16 squares; locked regions are not for sale yet."),
            "RegionList": object(["regions": ["type": "array", "items": reference("Region")]]),
            "LedgerSummary": object([
                "assets": ["type": "array", "items": object([
                    "asset": ["type": "string", "enum": ["gold", "wheat", "oil", "ore"]],
                    "issued": integer, "available": integer, "escrow": integer, "fees": integer, "treasury": integer,
                ])],
            ], description: "Where every issued unit sits; issued = available + escrow + fees + treasury."),
            "Health": object(["status": ["type": "string", "enum": ["ok"]]]),
            "Ready": ["type": "object", "required": ["status"], "properties": ["status": ["type": "string"], "role": ["type": "string"]]],
        ].merging(resourceSchemas) { first, _ in first }.merging(auctionSchemas) { first, _ in first }
            .merging(marketSchemas) { first, _ in first }.merging(meSchemas) { first, _ in first }
            .merging(clientSchemas) { first, _ in first }.merging(adminSchemas) { first, _ in first }
    }
}
