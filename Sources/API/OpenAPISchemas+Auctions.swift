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
