import Engine
import HTTP

/// Registers the game API's routes (issue 4: auth, me, land, regions, the operator ledger summary and
/// `/api/openapi.json`) on the node's router.
///
/// Called once at start-up on the main thread, before the server starts; handlers then run on the event loops.
public enum APIRoutes {
    /// Adds every route of `OpenAPIDocument.operations` that lives under `/api/` to `router`; auction writes go to
    /// `auctions` (nil: they answer 503 `auctions_unavailable`).
    public static func register(in router: inout Router, environment: APIEnvironment, auctions: AuctionService? = nil) {
        let authenticator = environment.authenticator
        let auth = AuthHandlers(environment: environment)
        let world = WorldHandlers(environment: environment, authenticator: authenticator)
        router.add(.post, "/api/auth/register", handler: auth.register)
        router.add(.post, "/api/auth/login", handler: auth.login)
        router.add(.get, "/api/me", handler: world.me)
        router.add(.get, "/api/land-squares", handler: world.landSquares)
        router.add(.get, "/api/land-squares/{id}", handler: world.landSquare)
        router.add(.get, "/api/regions", handler: world.regions)
        router.add(.get, "/api/admin/ledger", handler: world.ledgerSummary)
        MeHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        ProfileHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        AuctionHandlers(environment: environment, authenticator: authenticator, auctions: auctions).register(in: &router)
        ResourceHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        ClientInfoHandlers(environment: environment, authenticator: authenticator).register(in: &router)
        let document = APIResponses.json(OpenAPIDocument.document())
        router.add(.get, "/api/openapi.json") { _, _, responder in
            responder.respond(document)
        }
    }
}
