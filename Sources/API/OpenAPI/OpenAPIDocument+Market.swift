import HTTP

extension OpenAPIDocument {
    /// `responses` with the schema named `schema`.
    static func marketResponses(_ status: Int, _ description: String, _ schema: String,
                                _ failures: [Int: String]) -> [Int: (description: String, schema: JSONValue?)] {
        responses(status, description, OpenAPISchemas.reference(schema), errors: failures)
    }

    /// The marketplace's operations.
    static var marketOperations: [OpenAPIOperation] {
        let resourcePath = parameter("resource", in: "path", required: true, schema: OpenAPISchemas.marketResourceEnum)
        let resourceQuery = parameter("resource", in: "query", schema: OpenAPISchemas.marketResourceEnum)
        let writeFailures: [Int: String] = [
            401: unauthorized, 413: "payload_too_large", 415: "unsupported_media_type",
            503: "server_busy, shutting_down",
        ]
        /// A write route's failures: `failures` and those every write shares.
        func writing(_ failures: [Int: String]) -> [Int: String] {
            writeFailures.merging(failures) { first, _ in first }
        }
        return [
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/listings", operationID: "listListings",
                summary: "Active land listings with their current price", tag: "marketplace", access: .open,
                parameters: [optionalQuery("limit", "At most this many (default 100)", maximum: 200)],
                responses: marketResponses(200, "Active listings, oldest first", "ListingList",
                                     [400: "unknown_parameter, invalid_parameter"])),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/listings", operationID: "createListing",
                summary: "List an owned square at a fixed or declining price (locks the square)", tag: "marketplace",
                access: .player, requestSchema: OpenAPISchemas.reference("NewListing"),
                responses: marketResponses(201, "Listed", "ListingResponse", writing([
                    400: "invalid_price, invalid_schedule, missing_field, unknown_field, wrong_type",
                    403: "not_your_square", 404: "square_not_found", 409: "square_locked",
                ]))),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/listings/{id}/buy", operationID: "buyListing",
                summary: "Buy a listed square at its current price (gold minus the fee goes to the seller)",
                tag: "marketplace", access: .player, parameters: [idParameter],
                responses: marketResponses(200, "Bought", "ListingResponse", writing([
                    400: "invalid_parameter", 404: "listing_not_found",
                    409: "listing_not_active: already sold (a racing buyer won), cancelled or expired",
                    422: "own_listing, insufficient_funds",
                ]))),
            OpenAPIOperation(
                method: .delete, path: "/api/marketplace/listings/{id}", operationID: "cancelListing",
                summary: "Withdraw your listing (unlocks the square)", tag: "marketplace", access: .player,
                parameters: [idParameter],
                responses: marketResponses(200, "Cancelled", "ListingResponse", writing([
                    400: "invalid_parameter", 403: "not_your_listing", 404: "listing_not_found",
                    409: "listing_not_active",
                ]))),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/orders", operationID: "listOwnOrders",
                summary: "Your open orders", tag: "marketplace", access: .player,
                responses: marketResponses(200, "Open orders, oldest first", "OrderList",
                                     [400: "unknown_parameter", 401: unauthorized])),
            OpenAPIOperation(
                method: .post, path: "/api/marketplace/orders", operationID: "placeOrder",
                summary: "Place a limit order; it escrows, matches at once (price-time priority) and rests or cancels",
                tag: "marketplace", access: .player, requestSchema: OpenAPISchemas.reference("NewOrder"),
                responses: marketResponses(201, "Placed, with the trades it made", "OrderPlacement", writing([
                    400: "invalid_price, invalid_quantity, unknown_resource, invalid_parameter, missing_field, wrong_type",
                    422: "insufficient_funds: not enough gold (buy) or units (sell) to escrow",
                ]))),
            OpenAPIOperation(
                method: .delete, path: "/api/marketplace/orders/{id}", operationID: "cancelOrder",
                summary: "Cancel your open order and release its escrow", tag: "marketplace", access: .player,
                parameters: [idParameter],
                responses: marketResponses(200, "Cancelled", "OrderResponse", writing([
                    400: "invalid_parameter", 403: "not_your_order", 404: "order_not_found", 409: "order_not_open",
                ]))),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/book/{resource}", operationID: "getBook",
                summary: "Aggregated depth of a resource's book and the stable prices", tag: "marketplace",
                access: .open,
                parameters: [resourcePath, optionalQuery("levels", "Price levels per side (default 20)", maximum: 100)],
                responses: marketResponses(200, "Bids best first, asks best first", "Book",
                                     [400: "unknown_resource, unknown_parameter, invalid_parameter"])),
            OpenAPIOperation(
                method: .get, path: "/api/marketplace/trades", operationID: "listTrades",
                summary: "Recent trades, newest first", tag: "marketplace", access: .open,
                parameters: [resourceQuery, optionalQuery("limit", "At most this many (default 50)", maximum: 200)],
                responses: marketResponses(200, "Trades", "TradeList",
                                     [400: "unknown_resource, unknown_parameter, invalid_parameter"])),
        ]
    }
}
