import Engine
import HTTP

/// Registers the game API's routes (issue 4: auth, me, land, regions, the operator ledger summary and
/// `/api/openapi.json`) on the node's router.
///
/// Called once at start-up on the main thread, before the server starts; handlers then run on the event loops.
public enum APIRoutes {
    /// Adds every route of `OpenAPIDocument.operations` that lives under `/api/` to `router`; land writes go to
    /// `land`, player writes to `players` (the node's services, built once).
    public static func register(in router: inout Router, environment: APIEnvironment, land: LandService,
                                players: PlayerService, auctions: AuctionEngine? = nil) {
        register(in: &router, environment: environment, land: land, players: players,
                 auctionSlot: AuctionEngineSlot(auctions))
    }

    /// The same, with auction writes answered by whatever engine `auctionSlot` holds at each request (a node that
    /// may be promoted while running).
    public static func register(in router: inout Router, environment: APIEnvironment, land: LandService,
                                players: PlayerService, auctionSlot: AuctionEngineSlot) {
        let authenticator = environment.authenticator
        let auth = AuthHandlers(environment: environment, players: players)
        let world = WorldHandlers(environment: environment, authenticator: authenticator)
        router.add(.post, "/api/auth/register", handler: auth.register)
        router.add(.post, "/api/auth/login", handler: auth.login)
        router.add(.get, "/api/me", handler: world.me)
        router.add(.get, "/api/land-squares", handler: world.landSquares)
        router.add(.get, "/api/land-squares/{id}", handler: world.landSquare)
        router.add(.get, "/api/regions", handler: world.regions)
        router.add(.get, "/api/admin/ledger", handler: world.ledgerSummary)
        MeHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        ProfileHandlers(environment: environment, authenticator: authenticator, players: players).register(in: &router)
        AuctionHandlers(environment: environment, authenticator: authenticator, slot: auctionSlot).register(in: &router)
        ResourceHandlers(environment: environment, authenticator: authenticator, land: land).register(in: &router)
        ClientInfoHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        let document = APIResponses.json(OpenAPIDocument.document())
        router.add(.get, "/api/openapi.json") { _, _, responder in
            responder.respond(document)
        }
    }
}
