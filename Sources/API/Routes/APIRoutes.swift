import Engine
import HTTP

/// Registers the game API's routes of `RouteTable` (auth, me, land, regions, the operator ledger summary, auctions,
/// resources, the client's rules and names, and `/api/openapi.json`) on a router, for servers that serve the game
/// API without the node's other routes (test servers and benchmarks); the node registers the whole table at once.
///
/// Called once at start-up on the main thread, before the server starts; handlers then run on the event loops.
public enum APIRoutes {
    /// Adds the game API's routes of `RouteTable` to `router`, with land writes going to `land`, player writes to
    /// `players` (the node's services, built once) and auction writes to `auctions` (nil: they answer 503
    /// `auctions_unavailable`).
    public static func register(in router: inout Router, environment: APIEnvironment, land: LandService,
                                players: PlayerService, auctions: AuctionService? = nil) {
        var handlers = RouteHandlers()
        handlers.addGame(environment: environment, land: land, players: players, auctions: auctions)
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
    }
}
