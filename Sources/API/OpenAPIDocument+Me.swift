import HTTP

extension OpenAPIDocument {
    /// The calling player's own history and land (issue 13's account tab).
    static var meOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .get, path: "/api/me/ledger", operationID: "listMyLedgerEntries",
                summary: "Your own ledger entries, newest first; a transfer between your available and escrow "
                    + "accounts gives two entries with the same id (a page never splits them, so it may hold limit + 1)",
                tag: "players", access: .player,
                parameters: [
                    [
                        "name": "limit", "in": "query", "required": false,
                        "description": .string("Entries per page (default \(MeHandlers.defaultLedgerLimit))"),
                        "schema": ["type": "integer", "format": "int64", "minimum": 1,
                                   "maximum": .integer(MeHandlers.maxLedgerLimit)],
                    ],
                    [
                        "name": "before", "in": "query", "required": false,
                        "description": "Only entries with a smaller id: the previous page's nextBefore",
                        "schema": ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(Int64.max)],
                    ],
                ],
                requestSchema: nil,
                responses: [200: ("A page of entries", OpenAPISchemas.reference("LedgerEntryPage"))].merging(errors([
                    400: "unknown_parameter, invalid_parameter", 401: unauthorized,
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/me/squares", operationID: "listMySquares",
                summary: "The squares you own in id order, at most \(MeHandlers.maxOwnedSquares) (isTruncated: more exist)",
                tag: "players", access: .player, parameters: [], requestSchema: nil,
                responses: [200: ("Your squares", OpenAPISchemas.reference("OwnedSquareList"))].merging(errors([
                    400: "unknown_parameter", 401: unauthorized,
                ])) { first, _ in first }),
        ]
    }
}
