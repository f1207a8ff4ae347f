extension OpenAPISchemas {
    static let nullableInteger: JSONValue = ["type": "integer", "format": "int64", "nullable": true]

    /// The auction shapes `AuctionJSON` and `AuctionHandlers` emit and accept.
    static var auctionSchemas: [String: JSONValue] {
        let amount: JSONValue = ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000_000_000]
        return [
            "AuctionBid": object([
                "id": integer, "auctionId": integer, "playerId": integer, "amount": integer, "placedAt": timestamp,
                "status": ["type": "string", "enum": ["standing", "replaced", "outbid", "won", "lost", "released"]],
            ]),
            "Auction": object([
                "id": integer, "auctionType": ["type": "string", "description": "open, blind, vickrey, ..."],
                "isSealed": ["type": "boolean"],
                "landSquares": ["type": "array", "items": integer],
                "startTime": timestamp, "endTime": timestamp,
                "status": ["type": "string", "enum": ["scheduled", "in-progress", "completed", "failed", "cancelled"]],
                "origin": ["type": "string", "enum": ["system", "owner"],
                           "description": "system: the game sells unowned land; owner: the seller put up their own square"],
                "sellerId": ["type": "integer", "format": "int64", "nullable": true,
                             "description": "The owner selling (paid the price minus the marketplace fee); null for unowned land"],
                "winner": nullableInteger, "finalPrice": nullableInteger, "reservePrice": integer, "minIncrement": integer,
                "highBid": nullableInteger, "highBidderId": nullableInteger, "bidderCount": integer,
                "bids": ["type": "array", "items": reference("AuctionBid")],
                "myBid": ["nullable": true, "allOf": [reference("AuctionBid")]],
            ], description: "Sealed auctions show no amounts, high bid or bids until settled; myBid is the caller's own."),
            "AuctionList": object(["auctions": ["type": "array", "items": reference("Auction")]]),
            "BidRequest": object(["amount": amount], description: "Whole gold units; no maximum beyond your gold."),
            "BidResponse": object([
                "bid": reference("AuctionBid"), "auctionId": integer,
                "status": ["type": "string"], "endTime": timestamp,
            ]),
            "NewOwnerAuction": [
                "type": "object", "additionalProperties": false,
                "description": "The caller's own square up for auction: the winner pays the seller the price minus the marketplace fee; without a winning bid (none, or reserve not met) the square stays the seller's.",
                "required": ["auctionType", "durationSeconds", "reservePrice"],
                "properties": [
                    "auctionType": ["type": "string", "minLength": 1, "maxLength": 40,
                                    "description": "open, blind or vickrey"],
                    "durationSeconds": ["type": "integer", "minimum": 1, "maximum": 31_622_400],
                    "reservePrice": ["type": "integer", "format": "int64", "minimum": 0,
                                     "maximum": 1_000_000_000_000_000],
                    "minIncrement": amount,
                ],
            ],
            "NewAuction": [
                "type": "object", "additionalProperties": false,
                "required": ["landSquares", "auctionType", "durationSeconds", "reservePrice"],
                "properties": [
                    "landSquares": ["type": "array", "minItems": 1, "maxItems": 64,
                                    "items": ["type": "integer", "format": "int64", "minimum": 1]],
                    "auctionType": ["type": "string", "minLength": 1, "maxLength": 40],
                    "durationSeconds": ["type": "integer", "minimum": 1, "maximum": 31_622_400],
                    "reservePrice": ["type": "integer", "format": "int64", "minimum": 0,
                                     "maximum": 1_000_000_000_000_000],
                    "minIncrement": amount,
                ],
            ],
        ]
    }
}
