import HTTP

extension OpenAPIDocument {
    /// The auction routes.
    static var auctionOperations: [OpenAPIOperation] {
        let statusParameter = parameter(
            "status", in: "query",
            description: "open (scheduled or in progress) or closed (completed, failed, cancelled); all when absent",
            schema: ["type": "string", "enum": ["open", "closed"]])
        return [
            OpenAPIOperation(
                method: .get, path: "/api/auctions", operationID: "listAuctions",
                summary: "Auctions as the caller may see them (sealed amounts hidden until settlement)", tag: "auctions",
                access: .player, parameters: [statusParameter],
                responses: responses(200, "Auctions", OpenAPISchemas.reference("AuctionList"), errors: [
                    400: "invalid_parameter, unknown_parameter", 401: unauthorized,
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/auctions/{id}", operationID: "getAuction",
                summary: "One auction as the caller may see it; the caller's own bid is always shown", tag: "auctions",
                access: .player, parameters: [idParameter],
                responses: responses(200, "The auction", OpenAPISchemas.reference("Auction"), errors: [
                    400: "invalid_parameter, unknown_parameter", 401: unauthorized, 404: "auction_not_found",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/auctions/{auctionId}/bid", operationID: "placeBid",
                summary: "Bid; the amount moves to escrow and the answer comes once the bid is durable", tag: "auctions",
                access: .player, parameters: [pathID("auctionId")], requestSchema: OpenAPISchemas.reference("BidRequest"),
                responses: responses(201, "Bid accepted", OpenAPISchemas.reference("BidResponse"), errors: [
                    400: "out_of_range (zero, negative, too large), wrong_type (not an integer), missing_field, invalid_json",
                    401: unauthorized, 404: "auction_not_found",
                    409: "auction_not_open, auction_ended (bids after endTime are refused even before settlement)",
                    413: "payload_too_large", 415: "unsupported_media_type",
                    422: "insufficient_funds, bid_too_low, own_land", 503: "server_busy, auctions_unavailable",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/admin/auctions", operationID: "createAuction",
                summary: "Start an auction now (admin)", tag: "admin", access: .admin,
                requestSchema: OpenAPISchemas.reference("NewAuction"),
                responses: responses(201, "Created", OpenAPISchemas.reference("Auction"), errors: [
                    400: "invalid_auction, unknown_auction_type, missing_field, wrong_type, out_of_range",
                    401: unauthorized, 403: "forbidden: needs an admin token", 404: "square_not_found",
                    409: "squares_unavailable (owned by a player, listed, locked, or in an active auction)",
                    413: "payload_too_large", 415: "unsupported_media_type", 503: "server_busy, auctions_unavailable",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/land-squares/{id}/auctions", operationID: "createOwnerAuction",
                summary: "Put your own square up for auction (the game never auctions owned land)", tag: "auctions",
                access: .player, parameters: [idParameter], requestSchema: OpenAPISchemas.reference("NewOwnerAuction"),
                responses: responses(201, "Created; the same shape as GET /api/auctions/{id}",
                                     OpenAPISchemas.reference("Auction"), errors: [
                    400: "invalid_auction, unknown_auction_type, missing_field, wrong_type, out_of_range, invalid_parameter",
                    401: unauthorized, 403: "not_your_square", 404: "square_not_found",
                    409: "squares_unavailable (already in an active auction, listed on the marketplace, or its region is locked)",
                    413: "payload_too_large", 415: "unsupported_media_type", 503: "server_busy, auctions_unavailable",
                ])),
        ]
    }
}
