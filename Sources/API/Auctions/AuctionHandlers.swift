import Clocks
import Engine
import Game
import HTTP
import Store

/// `GET /api/auctions`, `GET /api/auctions/{id}`, `POST /api/auctions/{auctionId}/bid`, the owner's
/// `POST /api/land-squares/{id}/auctions` and the operator's `POST /api/admin/auctions`.
///
/// Reads answer from the event loop's own reader (one snapshot) with what the provider lets the caller see; writes go
/// through the `AuctionService` and answer from the writer's completion, only once durable. Secrecy: nothing here logs
/// an amount, and another player's sealed amount never reaches a response.
struct AuctionHandlers: Sendable {
    let environment: APIEnvironment
    let authenticator: Authenticator
    /// Nil on a server that takes no auction writes (reads still work, writes answer 503 `auctions_unavailable`).
    let auctions: AuctionService?

    /// Largest accepted bid or reserve: far above any real balance, far below overflow.
    static let maxAmount = AuctionService.bidAmounts.upperBound
    /// Most auctions one list answers.
    static let listLimit = 200
    /// The fields of a bid's body, made once (a set literal at the call hashed its names on every bid).
    static let bidFields: Set<String> = ["amount"]

    var providers: AuctionProviders { auctions?.providers ?? .standard }

    func list(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let query = try QueryParameters(request, allowed: ["status"])
            let open: Bool? = switch query.values["status"] {
            case nil: nil
            case "open": true
            case "closed": false
            default: throw APIRequestError.invalidParameter(name: "status", expected: "open or closed")
            }
            let providers = providers
            // Two statements whatever the page's length (the page with its squares, then its bids), in one snapshot.
            let entries = try environment.readers.reader(context.loopIndex).read { database in
                try Auctions.listWithBids(open: open, limit: Self.listLimit, in: database)
            }
            let items = entries.map { entry in
                AuctionJSON.auction(entry.auction, bids: entry.bids, providers: providers, viewerID: caller.playerID)
            }
            return APIResponses.json(["auctions": .array(items)])
        }
    }

    func show(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let id = try PathParameter.id(request)
            _ = try QueryParameters(request, allowed: [])
            let providers = providers
            let item = try environment.readers.reader(context.loopIndex).read { database -> JSONValue in
                guard let auction = try Auctions.find(id: id, in: database) else {
                    throw AuctionError.auctionNotFound(auctionID: id)
                }
                return AuctionJSON.auction(auction, bids: try Auctions.bids(auctionID: id, in: database),
                                           providers: providers, viewerID: caller.playerID)
            }
            return APIResponses.json(item)
        }
    }

    /// Reads the amount with the same bounds the service checks (so a number beyond 64 bits is `out_of_range` too),
    /// places the bid through `AuctionService.placeBid` and answers 201 with `AuctionJSON.bidPlaced`.
    func bid(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        let logger = environment.logger
        let requestID = context.requestID
        APIResponses.respond(responder, requestID: requestID, logger: logger) {
            let caller = try authenticator.authenticate(request, context)
            let auctionID = try PathParameter.id(request, "auctionId")
            let body = try environment.body(request, allowing: Self.bidFields)
            let amount = try body.integer("amount", range: AuctionService.bidAmounts)
            guard let auctions else { throw AuctionsUnavailableError() }
            auctions.placeBid(auctionID: auctionID, playerID: caller.playerID, amount: amount,
                              traceID: context.trace.traceID) { result in
                switch result {
                case .success(let outcome):
                    // Encoded on the connection's loop, not on the writer thread that runs this completion.
                    responder.respond {
                        APIResponses.json(encoded: AuctionJSON.bidPlacedBytes(outcome), status: .created)
                    }
                case .failure(let error):
                    responder.respond(APIResponses.response(for: error.apiError, requestID: requestID, logger: logger))
                }
            }
            return nil
        }
    }

    /// The operator's auction: rate-limited like every `/api/admin/` route, and recorded in the audit trail
    /// (`auction.create`) in the same writer command as the auction.
    func create(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try environment.admitOperator(request, context)
            let body = try environment.body(request, allowing: AuctionRequestFields.names.union(["landSquares"]))
            let squares = try Self.squareIDs(body)
            let fields = try AuctionRequestFields(body)
            start(fields.request(squares: squares, now: environment.clock.now.rawValue, ownerID: nil), actor: actor,
                  context: context, responder: responder)
            return nil
        }
    }

    /// `POST /api/land-squares/{id}/auctions`: the owner puts their square up. Ownership, the one-sale-at-a-time rule
    /// and the square's existence are checked by `Auctions.create` in the writer command (403, 409, 404).
    func createOwned(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let squareID = try PathParameter.id(request)
            let body = try environment.body(request, allowing: AuctionRequestFields.names)
            let fields = try AuctionRequestFields(body)
            start(fields.request(squares: [squareID], now: environment.clock.now.rawValue, ownerID: caller.playerID),
                  context: context, responder: responder)
            return nil
        }
    }

    /// Creates the auction through the service (with its audit row when an operator `actor` creates it) and answers
    /// 201 with it (as `GET /api/auctions/{id}` shows it).
    private func start(_ auction: NewAuction, actor: AdminActor? = nil, context: RequestContext, responder: Responder) {
        let logger = environment.logger
        let requestID = context.requestID
        guard let auctions else {
            responder.respond(APIResponses.response(for: AuctionsUnavailableError(), requestID: requestID, logger: logger))
            return
        }
        let respond: @Sendable (Result<Auction, any Error>) -> Void = { result in
            switch result {
            case .success(let auction):
                responder.respond(APIResponses.json(
                    AuctionJSON.auction(auction, bids: [], providers: auctions.providers, viewerID: auction.sellerID),
                    status: .created))
            case .failure(let error):
                let mapped = (error as? AuctionServiceError)?.apiError ?? AuctionServiceError(error).apiError
                responder.respond(APIResponses.response(for: mapped, requestID: requestID, logger: logger))
            }
        }
        if let actor {
            auctions.createAuction(auction, by: actor, completion: respond)
        } else {
            auctions.createAuction(auction, traceID: context.trace.traceID) { result in respond(result.mapError { $0 as any Error }) }
        }
    }

    /// `landSquares`: a non-empty array of at most 64 positive integer ids.
    static func squareIDs(_ body: RequestBody) throws(APIRequestError) -> [Int64] {
        guard let value = body.members["landSquares"] else { throw .missingField(name: "landSquares") }
        guard case .array(let elements) = value, (1...64).contains(elements.count) else {
            throw .wrongType(field: "landSquares", expected: "array of 1 to 64 square ids", actual: value.typeName)
        }
        var ids: [Int64] = []
        for element in elements {
            guard case .integer(let id) = element, id >= 1 else {
                throw .wrongType(field: "landSquares", expected: "array of positive integer ids", actual: element.typeName)
            }
            ids.append(id)
        }
        return ids
    }
}
