import Engine
import Game
import HTTP
import Store

extension MarketHandlers {
    /// The fields of an order's body, made once (a set literal at the call hashed its five names on every order).
    static let orderFields: Set<String> = ["resource", "side", "price", "quantity", "immediateOrCancel"]

    /// `POST /api/marketplace/orders`: `{"resource","side","price","quantity","immediateOrCancel"?}`.
    func placeOrder(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            let body = try environment.body(request, allowing: Self.orderFields)
            let resource = try MarketResource.named(try body.string("resource", length: 1...16))
            guard let side = OrderSide(rawValue: try body.choice("side", among: ["buy", "sell"])) else {
                throw APIRequestError.invalidField(name: "side", expected: "\"buy\" or \"sell\"")
            }
            let price = try body.integer("price", range: Int64.min...Int64.max)
            let quantity = try body.integer("quantity", range: Int64.min...Int64.max)
            var isImmediateOrCancel = false
            switch body.members["immediateOrCancel"] {
            case nil: break
            case .bool(let value): isImmediateOrCancel = value
            case let other?:
                throw APIRequestError.wrongType(field: "immediateOrCancel", expected: "boolean", actual: other.typeName)
            }
            let limits = market.configuration
            guard (1...limits.maxPrice).contains(price) else {
                throw MarketError.invalidPrice(price: price, maximum: limits.maxPrice)
            }
            guard (1...limits.maxQuantity).contains(quantity) else {
                throw MarketError.invalidQuantity(quantity: quantity, maximum: limits.maxQuantity)
            }
            let order = OrderRequest(playerID: caller.playerID, resource: resource, side: side, price: price,
                                     quantity: quantity, isImmediateOrCancel: isImmediateOrCancel)
            let respond = respondWithEncoded(responder, context, status: .created) { placement in
                MarketJSON.placementBytes(placement)
            }
            market.placeOrder(order, completion: respond)
            return nil
        }
    }

    /// `DELETE /api/marketplace/orders/{id}`: cancels the caller's open order and releases its escrow.
    func cancelOrder(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        changeItem(request, context, responder, { order, _ in ["order": MarketJSON.order(order)] }) {
            [market] id, playerID, completion in
            market.cancelOrder(orderID: id, playerID: playerID, completion: completion)
        }
    }

    /// `GET /api/marketplace/orders`: the caller's open orders, oldest first.
    func openOrders(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let caller = try authenticator.authenticate(request, context)
            _ = try QueryParameters(request, allowed: [])
            let orders = try environment.readers.reader(context.loopIndex).read { database in
                try OrderBook.openOrders(playerID: caller.playerID, limit: 1_000, in: database)
            }
            return APIResponses.json(["orders": .array(orders.map(MarketJSON.order))])
        }
    }

    /// `GET /api/marketplace/book/{resource}?levels=`: aggregated depth and the market maker's stable prices.
    func book(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let resource = try MarketResource.named(request.parameter("resource") ?? "")
            let query = try QueryParameters(request, allowed: ["levels"])
            let levels = try Self.optionalInteger(query, "levels", range: 1...100, default: 20)
            let depth = try environment.readers.reader(context.loopIndex).read { database in
                try OrderBook.depth(resource, levels: Int(levels), in: database)
            }
            let maker = market.configuration.marketMaker
            return APIResponses.json(MarketJSON.depth(depth, quote: maker.isEnabled ? maker.quotes[resource] : nil))
        }
    }

    /// `GET /api/marketplace/trades?resource=&limit=`: recent trades, newest first.
    func trades(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let query = try QueryParameters(request, allowed: ["resource", "limit"])
            let resource = try query.values["resource"].map { name throws(MarketError) in try MarketResource.named(name) }
            let limit = try Self.optionalInteger(query, "limit", range: 1...200, default: 50)
            let trades = try environment.readers.reader(context.loopIndex).read { database in
                try OrderBook.recentTrades(resource, limit: Int(limit), in: database)
            }
            return APIResponses.json(["trades": .array(trades.map(MarketJSON.trade))])
        }
    }
}
