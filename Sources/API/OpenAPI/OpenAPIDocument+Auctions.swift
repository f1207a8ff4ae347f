import HTTP

extension OpenAPIDocument {
    /// The auction routes.
    static var auctionOperations: [OpenAPIOperation] {
        let auctionIDParameter: JSONValue = [
            "name": "auctionId", "in": "path", "required": true,
            "schema": ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(Int64.max)],
        ]
        let statusParameter: JSONValue = [
            "name": "status", "in": "query", "required": false,
            "description": "open (scheduled or in progress) or closed (completed, failed, cancelled); all when absent",
            "schema": ["type": "string", "enum": ["open", "closed"]],
        ]
        return [
            OpenAPIOperation(
                method: .get, path: "/api/auctions", operationID: "listAuctions",
                summary: "Auctions as the caller may see them (sealed amounts hidden until settlement)", tag: "auctions",
                access: .player, parameters: [statusParameter], requestSchema: nil,
                responses: [200: ("Auctions", OpenAPISchemas.reference("AuctionList"))].merging(errors([
                    400: "invalid_parameter, unknown_parameter", 401: unauthorized,
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/auctions/{id}", operationID: "getAuction",
                summary: "One auction as the caller may see it; the caller's own bid is always shown", tag: "auctions",
                access: .player, parameters: [idParameter], requestSchema: nil,
                responses: [200: ("The auction", OpenAPISchemas.reference("Auction"))].merging(errors([
                    400: "invalid_parameter, unknown_parameter", 401: unauthorized, 404: "auction_not_found",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .post, path: "/api/auctions/{auctionId}/bid", operationID: "placeBid",
                summary: "Bid; the amount moves to escrow and the answer comes once the bid is durable", tag: "auctions",
                access: .player, parameters: [auctionIDParameter], requestSchema: OpenAPISchemas.reference("BidRequest"),
                responses: [201: ("Bid accepted", OpenAPISchemas.reference("BidResponse"))].merging(errors([
                    400: "out_of_range (zero, negative, too large), wrong_type (not an integer), missing_field, invalid_json",
                    401: unauthorized, 404: "auction_not_found",
                    409: "auction_not_open, auction_ended (bids after endTime are refused even before settlement)",
                    413: "payload_too_large", 415: "unsupported_media_type",
                    422: "insufficient_funds, bid_too_low, own_land", 503: "server_busy, auctions_unavailable",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .post, path: "/api/admin/auctions", operationID: "createAuction",
                summary: "Start an auction now (admin)", tag: "admin", access: .admin, parameters: [],
                requestSchema: OpenAPISchemas.reference("NewAuction"),
                responses: [201: ("Created", OpenAPISchemas.reference("Auction"))].merging(errors([
                    400: "invalid_auction, unknown_auction_type, missing_field, wrong_type, out_of_range",
                    401: unauthorized, 403: "forbidden: needs an admin token", 404: "square_not_found",
                    409: "squares_unavailable (owned by a player, listed, locked, or in an active auction)",
                    413: "payload_too_large", 415: "unsupported_media_type", 503: "server_busy, auctions_unavailable",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .post, path: "/api/land-squares/{id}/auctions", operationID: "createOwnerAuction",
                summary: "Put your own square up for auction (the game never auctions owned land)", tag: "auctions",
                access: .player, parameters: [idParameter], requestSchema: OpenAPISchemas.reference("NewOwnerAuction"),
                responses: [201: ("Created; the same shape as GET /api/auctions/{id}", OpenAPISchemas.reference("Auction"))]
                    .merging(errors([
                        400: "invalid_auction, unknown_auction_type, missing_field, wrong_type, out_of_range, invalid_parameter",
                        401: unauthorized, 403: "not_your_square", 404: "square_not_found",
                        409: "squares_unavailable (already in an active auction, listed on the marketplace, or its region is locked)",
                        413: "payload_too_large", 415: "unsupported_media_type", 503: "server_busy, auctions_unavailable",
                    ])) { first, _ in first }),
        ]
    }
}
