import Engine
import HTTP

/// Registers the marketplace routes of `RouteTable` (listings, orders, the book and trades) on a router, for servers
/// that serve them without the node's other routes (test servers); the node registers the whole table at once.
///
/// Called once at start-up on the main thread, after `APIRoutes.register`, with the server's `MarketService`.
public enum MarketRoutes {
    public static func register(in router: inout Router, environment: APIEnvironment, market: MarketService) {
        var handlers = RouteHandlers()
        handlers.addMarket(environment: environment, market: market)
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
    }
}
