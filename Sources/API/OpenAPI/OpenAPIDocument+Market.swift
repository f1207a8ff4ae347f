import HTTP

extension OpenAPIDocument {
    static func marketOptionalQuery(_ name: String, _ description: String, maximum: Int64) -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": false, "description": .string(description),
            "schema": ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(maximum)],
        ]
    }

    static func marketResponses(_ status: Int, _ description: String, _ schema: String,
                          _ failures: [Int: String]) -> [Int: (description: String, schema: JSONValue?)] {
        [status: (description, OpenAPISchemas.reference(schema))].merging(errors(failures)) { first, _ in first }
    }

    /// The marketplace's operations.
    static var marketOperations: [OpenAPIOperation] {
        let resourcePath: JSONValue = [
            "name": "resource", "in": "path", "required": true, "schema": OpenAPISchemas.marketResourceEnum,
        ]
        let resourceQuery: JSONValue = [
            "name": "resource", "in": "query", "required": false, "schema": OpenAPISchemas.marketResourceEnum,
        ]
        let writeFailures: [Int: String] = [
            401: unauthorized, 413: "payload_too_large", 415: "unsupported_media_type",
            503: "server_busy, shutting_down",
        ]
        return [
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/listings", operationID: "listListings",
                summary: "Active land listings with their current price", tag: "marketplace", access: .open,
                parameters: [marketOptionalQuery("limit", "At most this many (default 100)", maximum: 200)], requestSchema: nil,
                responses: marketResponses(200, "Active listings, oldest first", "ListingList",
                                     [400: "unknown_parameter, invalid_parameter"])),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/listings", operationID: "createListing",
                summary: "List an owned square at a fixed or declining price (locks the square)", tag: "marketplace",
                access: .player, parameters: [], requestSchema: OpenAPISchemas.reference("NewListing"),
                responses: marketResponses(201, "Listed", "ListingResponse", writeFailures.merging([
                    400: "invalid_price, invalid_schedule, missing_field, unknown_field, wrong_type",
                    403: "not_your_square", 404: "square_not_found", 409: "square_locked",
                ]) { first, _ in first })),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/listings/{id}/buy", operationID: "buyListing",
                summary: "Buy a listed square at its current price (gold minus the fee goes to the seller)",
                tag: "marketplace", access: .player, parameters: [idParameter], requestSchema: nil,
                responses: marketResponses(200, "Bought", "ListingResponse", writeFailures.merging([
                    400: "invalid_parameter", 404: "listing_not_found",
                    409: "listing_not_active: already sold (a racing buyer won), cancelled or expired",
                    422: "own_listing, insufficient_funds",
                ]) { first, _ in first })),
            OpenAPIOperation(
                method: .delete, path: "/api/marketplace/listings/{id}", operationID: "cancelListing",
                summary: "Withdraw your listing (unlocks the square)", tag: "marketplace", access: .player,
                parameters: [idParameter], requestSchema: nil,
                responses: marketResponses(200, "Cancelled", "ListingResponse", writeFailures.merging([
                    400: "invalid_parameter", 403: "not_your_listing", 404: "listing_not_found",
                    409: "listing_not_active",
                ]) { first, _ in first })),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/orders", operationID: "listOwnOrders",
                summary: "Your open orders", tag: "marketplace", access: .player, parameters: [], requestSchema: nil,
                responses: marketResponses(200, "Open orders, oldest first", "OrderList",
                                     [400: "unknown_parameter", 401: unauthorized])),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/orders", operationID: "placeOrder",
                summary: "Place a limit order; it escrows, matches at once (price-time priority) and rests or cancels",
                tag: "marketplace", access: .player, parameters: [], requestSchema: OpenAPISchemas.reference("NewOrder"),
                responses: marketResponses(201, "Placed, with the trades it made", "OrderPlacement", writeFailures.merging([
                    400: "invalid_price, invalid_quantity, unknown_resource, invalid_parameter, missing_field, wrong_type",
                    422: "insufficient_funds: not enough gold (buy) or units (sell) to escrow",
                ]) { first, _ in first })),
            OpenAPIOperation(
                method: .delete, path: "/api/marketplace/orders/{id}", operationID: "cancelOrder",
                summary: "Cancel your open order and release its escrow", tag: "marketplace", access: .player,
                parameters: [idParameter], requestSchema: nil,
                responses: marketResponses(200, "Cancelled", "OrderResponse", writeFailures.merging([
                    400: "invalid_parameter", 403: "not_your_order", 404: "order_not_found", 409: "order_not_open",
                ]) { first, _ in first })),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/book/{resource}", operationID: "getBook",
                summary: "Aggregated depth of a resource's book and the stable prices", tag: "marketplace",
                access: .open,
                parameters: [resourcePath, marketOptionalQuery("levels", "Price levels per side (default 20)", maximum: 100)],
                requestSchema: nil,
                responses: marketResponses(200, "Bids best first, asks best first", "Book",
                                     [400: "unknown_resource, unknown_parameter, invalid_parameter"])),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/trades", operationID: "listTrades",
                summary: "Recent trades, newest first", tag: "marketplace", access: .open,
                parameters: [resourceQuery, marketOptionalQuery("limit", "At most this many (default 50)", maximum: 200)],
                requestSchema: nil,
                responses: marketResponses(200, "Trades", "TradeList",
                                     [400: "unknown_resource, unknown_parameter, invalid_parameter"])),
        ]
    }
}
