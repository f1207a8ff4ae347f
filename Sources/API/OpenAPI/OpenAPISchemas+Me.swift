extension OpenAPISchemas {
    /// Schemas of the calling player's own routes (`MeHandlers`).
    static var meSchemas: [String: JSONValue] {
        [
            "LedgerEntry": object([
                "id": ["type": "integer", "format": "int64", "description": "The transfer's id (the paging cursor)"],
                "asset": ["type": "string", "enum": ["gold", "wheat", "oil", "ore"]],
                "amount": ["type": "integer", "format": "int64",
                           "description": "Signed: positive into your account, negative out of it"],
                "account": ["type": "string", "enum": ["available", "escrow"]],
                "reason": ["type": "string", "description": "Why, e.g. starting_grant, auction_bid, market_trade"],
                "reference": ["type": "string", "nullable": true,
                              "description": "What it belongs to (auction:7, order:12...); null if none or another player's order"],
                "counterparty": ["type": "string", "enum": ["system", "player", "self"],
                                 "description": "The other side: the game, another player (never named), or your other account"],
                "createdAt": timestamp,
            ], description: "One movement of one of your accounts."),
            "LedgerEntryPage": object([
                "entries": ["type": "array", "items": reference("LedgerEntry")],
                "nextBefore": ["type": "integer", "format": "int64", "nullable": true,
                               "description": "Pass as before for the next older page; null at the oldest"],
            ]),
            "PasswordChange": object([
                "currentPassword": ["type": "string", "minLength": 1, "maxLength": 128],
                "newPassword": ["type": "string", "minLength": 8, "maxLength": 128],
            ], description: "Unknown fields are rejected."),
            "OwnedSquareList": object([
                "squares": ["type": "array", "items": reference("LandSquare")],
                "total": integer,
                "isTruncated": ["type": "boolean", "description": "More squares are owned than listed"],
            ]),
        ]
    }
}
