import Engine
import HTTP

/// Registers the game API's routes of `RouteTable` (auth, me, land, regions, the operator ledger summary, auctions,
/// resources, the client's rules and names, and `/api/openapi.json`) on a router, for servers that serve the game
/// API without the node's other routes (test servers and benchmarks); the node registers the whole table at once.
///
/// Called once at start-up on the main thread, before the server starts; handlers then run on the event loops.
public enum APIRoutes {
    /// Adds the game API's routes to `router`, with auction writes answered by `auctions` (none: 503).
    public static func register(in router: inout Router, environment: APIEnvironment, auctions: AuctionEngine? = nil) {
        register(in: &router, environment: environment, auctionSlot: AuctionEngineSlot(auctions))
    }

    /// The same, with auction writes answered by whatever engine `auctionSlot` holds at each request (a node that
    /// may be promoted while running).
    public static func register(in router: inout Router, environment: APIEnvironment, auctionSlot: AuctionEngineSlot) {
        var handlers = RouteHandlers()
        handlers.addGame(environment: environment, auctionSlot: auctionSlot)
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
    }
}
