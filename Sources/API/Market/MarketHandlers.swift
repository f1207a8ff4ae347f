import Clocks
import Engine
import Game
import HTTP
import Store

/// The marketplace's HTTP handlers: land listings here, orders, book and trades in `MarketHandlers+Orders`.
///
/// Reads answer from the event loop's own reader; changes validate on the loop, then run as one writer command through
/// `MarketService` and respond from its completion (writer thread) after the commit.
struct MarketHandlers: Sendable {
    let environment: APIEnvironment
    let market: MarketService
    let authenticator: Authenticator

    /// `GET /api/marketplace/listings?limit=`: active listings, oldest first, with their current price.
    func listings(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let query = try QueryParameters(request, allowed: ["limit"])
            let limit = try Self.optionalInteger(query, "limit", range: 1...200, default: 100)
            let listings = try environment.readers.reader(context.loopIndex).read { database in
                try Listings.active(limit: Int(limit), in: database)
            }
            let now = environment.clock.now.rawValue
            return APIResponses.json(["listings": .array(listings.map { MarketJSON.listing($0, now: now) })])
        }
    }

    /// `POST /api/marketplace/listings`: `{"squareId","price"}` (fixed) or
    /// `{"squareId","startPrice","floorPrice","durationSeconds"}` (declining).
    func createListing(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let body = try environment.body(request, allowing: ["squareId", "price", "startPrice", "floorPrice", "durationSeconds"])
            let squareID = try body.integer("squareId", range: 1...Int64.max)
            let pricing: ListingPricing
            if body.members["price"] != nil {
                for field in ["startPrice", "floorPrice", "durationSeconds"] where body.members[field] != nil {
                    throw APIRequestError.unknownField(name: field)
                }
                pricing = .fixed(price: try body.integer("price", range: Int64.min...Int64.max))
            } else {
                pricing = .declining(startPrice: try body.integer("startPrice", range: Int64.min...Int64.max),
                                     floorPrice: try body.integer("floorPrice", range: Int64.min...Int64.max),
                                     durationSeconds: try body.integer("durationSeconds", range: Int64.min...Int64.max))
            }
            let respond = respondWith(responder, context, status: .created, Self.listingBody)
            market.createListing(squareID: squareID, sellerID: caller.playerID, pricing: pricing, completion: respond)
            return nil
        }
    }

    /// `POST /api/marketplace/listings/{id}/buy`: buys at the current price (no body needed).
    func buyListing(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        changeItem(request, context, responder, Self.listingBody) { [market] id, playerID, completion in
            market.buyListing(listingID: id, buyerID: playerID, completion: completion)
        }
    }

    /// `DELETE /api/marketplace/listings/{id}`: the seller withdraws the listing; the square unlocks.
    func cancelListing(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        changeItem(request, context, responder, Self.listingBody) { [market] id, playerID, completion in
            market.cancelListing(listingID: id, playerID: playerID, completion: completion)
        }
    }

    /// `{"listing"}` with its current price.
    static let listingBody: @Sendable (Listing, Int64) -> JSONValue = { listing, now in
        ["listing": MarketJSON.listing(listing, now: now)]
    }

    /// A change without a body to the caller's listing or order `{id}`: authenticates, refuses query parameters,
    /// runs `change(id, playerID, completion)` and answers 200 with `body` after the commit.
    func changeItem<T: Sendable>(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder,
                                 _ body: @escaping @Sendable (T, Int64) -> JSONValue,
                                 _ change: (Int64, Int64, @escaping MarketService.Completion<T>) -> Void) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let id = try PathParameter.id(request)
            _ = try QueryParameters(request, allowed: [])
            change(id, caller.playerID, respondWith(responder, context, status: .ok, body))
            return nil
        }
    }

    /// A completion that answers `status` with `body(value, now)`, or the mapped error.
    func respondWith<T: Sendable>(_ responder: Responder, _ context: RequestContext, status: HTTPStatus,
                                  _ body: @escaping @Sendable (T, Int64) -> JSONValue)
        -> MarketService.Completion<T> {
        let clock = environment.clock
        return respond(responder, context) { value in
            APIResponses.json(body(value, clock.now.rawValue), status: status)
        }
    }

    /// Like `respondWith`, for a route that writes its success body as bytes.
    func respondWithEncoded<T: Sendable>(_ responder: Responder, _ context: RequestContext, status: HTTPStatus,
                                         _ body: @escaping @Sendable (T) -> [UInt8]) -> MarketService.Completion<T> {
        respond(responder, context) { value in APIResponses.json(encoded: body(value), status: status) }
    }

    /// A completion that answers `response(value)`, built on the connection's loop rather than on the writer thread
    /// that runs the completion, or the mapped error.
    private func respond<T: Sendable>(_ responder: Responder, _ context: RequestContext,
                                      _ response: @escaping @Sendable (T) -> HTTPResponse)
        -> MarketService.Completion<T> {
        let logger = environment.logger
        let requestID = context.requestID
        return { result in
            switch result {
            case .success(let value):
                responder.respond { response(value) }
            case .failure(let error):
                responder.respond(APIResponses.response(for: error.underlying, requestID: requestID, logger: logger))
            }
        }
    }

    /// An optional decimal query parameter within `range`, `fallback` when absent.
    static func optionalInteger(_ query: QueryParameters, _ name: String, range: ClosedRange<Int64>,
                                default fallback: Int64) throws(APIRequestError) -> Int64 {
        guard query.values[name] != nil else { return fallback }
        return try query.integer(name, range: range)
    }
}
