import Engine
import HTTP

/// Registers the marketplace routes (issue 8) on the node's router: listings, orders, the book and trades.
///
/// Called once at start-up on the main thread, after `APIRoutes.register`, with the node's `MarketService`.
public enum MarketRoutes {
    public static func register(in router: inout Router, environment: APIEnvironment, market: MarketService) {
        let handlers = MarketHandlers(
            environment: environment, market: market,
            authenticator: environment.authenticator)
        router.add(.get, "/api/marketplace/listings", handler: handlers.listings)
        router.add(.post, "/api/marketplace/listings", handler: handlers.createListing)
        router.add(.post, "/api/marketplace/listings/{id}/buy", handler: handlers.buyListing)
        router.add(.delete, "/api/marketplace/listings/{id}", handler: handlers.cancelListing)
        router.add(.get, "/api/marketplace/orders", handler: handlers.openOrders)
        router.add(.post, "/api/marketplace/orders", handler: handlers.placeOrder)
        router.add(.delete, "/api/marketplace/orders/{id}", handler: handlers.cancelOrder)
        router.add(.get, "/api/marketplace/book/{resource}", handler: handlers.book)
        router.add(.get, "/api/marketplace/trades", handler: handlers.trades)
    }
}
