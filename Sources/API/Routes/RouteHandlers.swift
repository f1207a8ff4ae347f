import Engine
import HTTP
import Locking

/// The handlers a router is built with, by group; `RouteTable` picks each route's handler out of them.
///
/// A group left nil leaves its routes out of the router: a node without replication has no replication handlers, a
/// test server may serve the game API without the probes. The node's App fills every group it serves.
public struct RouteHandlers: Sendable {
    /// The probes and `/metrics`, which the App answers (they read the node's readiness and metrics registry).
    public var system: SystemRouteHandlers?
    /// The replication endpoints, which the `Replication` module answers.
    public var replication: ReplicationRouteHandlers?
    /// The game API under `/api/` except the marketplace.
    var game: GameRouteHandlers?
    /// The marketplace under `/api/marketplace/`.
    var market: MarketHandlers?
    /// The operators' routes under `/api/admin/` (but the auction creation and ledger summary of `game`).
    var admin: AdminHandlers?

    public init(system: SystemRouteHandlers? = nil, replication: ReplicationRouteHandlers? = nil) {
        self.system = system
        self.replication = replication
    }

    /// Adds the game API's handlers (auth, me, land, regions, the operator ledger summary, auctions, resources,
    /// the client's rules and names, and `/api/openapi.json`), with land writes going to `land`, player writes to
    /// `players` (the node's services, built once) and auction writes to `auctions` (nil: 503 `auctions_unavailable`).
    public mutating func addGame(environment: APIEnvironment, land: LandService, players: PlayerService,
                                 auctions: AuctionService?) {
        game = GameRouteHandlers(environment: environment, land: land, players: players, auctions: auctions)
    }

    /// Adds the operators' handlers over the node's services (the same instances as the players' routes).
    public mutating func addAdmin(environment: APIEnvironment, services: AdminServices) {
        admin = AdminHandlers(environment: environment, services: services)
    }

    /// Adds the marketplace's handlers over the node's `MarketService`.
    public mutating func addMarket(environment: APIEnvironment, market: MarketService) {
        self.market = MarketHandlers(environment: environment, market: market, authenticator: environment.authenticator)
    }
}

/// The probe and metrics handlers the App provides: `/health`, `/ready` and `/metrics`.
public struct SystemRouteHandlers: Sendable {
    public var health: HTTPHandler
    public var ready: HTTPHandler
    public var metrics: HTTPHandler

    public init(health: @escaping HTTPHandler, ready: @escaping HTTPHandler, metrics: @escaping HTTPHandler) {
        self.health = health
        self.ready = ready
        self.metrics = metrics
    }
}

/// The replication endpoints' handlers, provided by the `Replication` module's `ReplicationRoutes`.
public struct ReplicationRouteHandlers: Sendable {
    public var records: HTTPHandler
    public var createSnapshot: HTTPHandler
    public var snapshotRange: HTTPHandler
    public var deleteSnapshot: HTTPHandler
    public var status: HTTPHandler
    public var promote: HTTPHandler
    public var switchover: HTTPHandler
    public var handoff: HTTPHandler

    public init(records: @escaping HTTPHandler, createSnapshot: @escaping HTTPHandler,
                snapshotRange: @escaping HTTPHandler, deleteSnapshot: @escaping HTTPHandler,
                status: @escaping HTTPHandler, promote: @escaping HTTPHandler, switchover: @escaping HTTPHandler,
                handoff: @escaping HTTPHandler) {
        self.records = records
        self.createSnapshot = createSnapshot
        self.snapshotRange = snapshotRange
        self.deleteSnapshot = deleteSnapshot
        self.status = status
        self.promote = promote
        self.switchover = switchover
        self.handoff = handoff
    }
}

/// The game API's handler groups, built once per router over one `APIEnvironment`.
struct GameRouteHandlers: Sendable {
    let auth: AuthHandlers
    let world: WorldHandlers
    let me: MeHandlers
    let profile: ProfileHandlers
    let auctions: AuctionHandlers
    let resources: ResourceHandlers
    let clientInfo: ClientInfoHandlers
    /// `GET /api/rules`: the node's rules, encoded once.
    let rules: HTTPHandler
    /// `GET /api/openapi.json`: the document, encoded once.
    let openAPIDocument: HTTPHandler

    init(environment: APIEnvironment, land: LandService, players: PlayerService, auctions: AuctionService?) {
        let authenticator = environment.authenticator
        auth = AuthHandlers(environment: environment, players: players)
        world = WorldHandlers(environment: environment, authenticator: authenticator)
        me = MeHandlers(environment: environment, authenticator: authenticator)
        profile = ProfileHandlers(environment: environment, authenticator: authenticator, players: players)
        self.auctions = AuctionHandlers(environment: environment, authenticator: authenticator, auctions: auctions)
        resources = ResourceHandlers(environment: environment, authenticator: authenticator, land: land)
        clientInfo = ClientInfoHandlers(environment: environment, authenticator: authenticator)
        rules = clientInfo.rulesHandler()
        // Built on the first request, not at start (a node that is never asked for it keeps no copy).
        let document = Locked<HTTPResponse?>(nil)
        openAPIDocument = { _, _, responder in
            if let built = document.withLock({ $0 }) {
                responder.respond(built)
                return
            }
            let built = APIResponses.json(OpenAPIDocument.document())
            document.withLock { $0 = built }
            responder.respond(built)
        }
    }
}
