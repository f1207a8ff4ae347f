extension OpenAPISchemas {
    static let marketResourceEnum: JSONValue = ["type": "string", "enum": ["wheat", "oil", "ore"]]
    static let marketSideEnum: JSONValue = ["type": "string", "enum": ["buy", "sell"]]
    static let marketNullableInteger: JSONValue = ["type": "integer", "format": "int64", "nullable": true]

    /// The marketplace's schemas, merged into `components.schemas` by `OpenAPIDocument.document()`.
    static var marketSchemas: [String: JSONValue] {
        [
            "Listing": object([
                "id": integer, "squareId": integer, "sellerId": integer,
                "pricing": ["type": "string", "enum": ["fixed", "declining"]],
                "startPrice": integer, "floorPrice": integer,
                "durationSeconds": integer, "currentPrice": integer,
                "status": ["type": "string", "enum": ["active", "sold", "cancelled", "expired"]],
                "createdAt": timestamp, "expiresAt": timestamp, "closedAt": nullableTimestamp,
                "buyerId": marketNullableInteger, "soldPrice": marketNullableInteger,
            ], description: """
                A square for sale. Declining price: currentPrice = startPrice - floor((startPrice - floorPrice) * \
                min(elapsed, duration) / duration), elapsed since createdAt; fixed: startPrice = floorPrice.
                """),
            "ListingResponse": object(["listing": reference("Listing")]),
            "ListingList": object(["listings": ["type": "array", "items": reference("Listing")]]),
            "NewListing": [
                "type": "object", "additionalProperties": false, "required": ["squareId"],
                "description": "Either price (fixed) or startPrice, floorPrice and durationSeconds (declining).",
                "properties": [
                    "squareId": ["type": "integer", "format": "int64", "minimum": 1],
                    "price": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
                    "startPrice": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
                    "floorPrice": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
                    "durationSeconds": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 2_592_000],
                ],
            ],
            "Order": object([
                "id": integer, "resource": marketResourceEnum, "side": marketSideEnum, "price": integer, "quantity": integer,
                "remaining": integer, "escrow": integer, "immediateOrCancel": ["type": "boolean"],
                "status": ["type": "string", "enum": ["open", "filled", "cancelled", "expired"]],
                "createdAt": timestamp, "expiresAt": timestamp,
            ], description: "A limit order; escrow is what it still holds (gold for a buy, units for a sell)."),
            "OrderResponse": object(["order": reference("Order")]),
            "OrderList": object(["orders": ["type": "array", "items": reference("Order")]]),
            "NewOrder": [
                "type": "object", "additionalProperties": false, "required": ["resource", "side", "price", "quantity"],
                "properties": [
                    "resource": marketResourceEnum, "side": marketSideEnum,
                    "price": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
                    "quantity": ["type": "integer", "format": "int64", "minimum": 1, "maximum": 1_000_000_000],
                    "immediateOrCancel": ["type": "boolean", "default": false],
                ],
            ],
            "Trade": object([
                "id": integer, "resource": marketResourceEnum, "price": integer, "quantity": integer, "fee": integer,
                "takerSide": marketSideEnum, "createdAt": timestamp,
            ], description: "An execution at the resting order's price; the seller paid fee to the fee account."),
            "OrderPlacement": object(["order": reference("Order"), "trades": ["type": "array", "items": reference("Trade")]]),
            "TradeList": object(["trades": ["type": "array", "items": reference("Trade")]]),
            "BookLevel": object(["price": integer, "quantity": integer, "orders": integer]),
            "Book": object([
                "resource": marketResourceEnum,
                "bids": ["type": "array", "items": reference("BookLevel")],
                "asks": ["type": "array", "items": reference("BookLevel")],
                "stablePrices": [
                    "type": "object", "nullable": true, "additionalProperties": false, "required": ["buy", "sell"],
                    "properties": ["buy": integer, "sell": integer],
                    "description": "The market maker buys at buy and sells at sell, within a daily cap per player.",
                ],
            ]),
        ]
    }
}
