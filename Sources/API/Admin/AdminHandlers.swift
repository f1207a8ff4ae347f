import Engine
import Game
import HTTP
import Jobs

/// The node's services the operators' routes act through, plus the node's health source.
///
/// Built once by the node at start-up from its `DomainServices` (the same instances the players' routes use), so an
/// operator's action takes the same writer path and rules as a player's. `Sendable`; shared by every event loop.
public struct AdminServices: Sendable {
    public var auctions: AuctionService
    public var market: MarketService
    public var players: PlayerService
    /// The node's one job queue (retry and cancel write through its writer).
    public var jobs: JobQueue
    /// What the node knows about its health, gathered on the calling event loop (cheap: no I/O but the backup
    /// directory's listing).
    public var health: @Sendable () -> AdminNodeHealth

    public init(auctions: AuctionService, market: MarketService, players: PlayerService, jobs: JobQueue,
                health: @escaping @Sendable () -> AdminNodeHealth) {
        self.auctions = auctions
        self.market = market
        self.players = players
        self.jobs = jobs
        self.health = health
    }
}

/// The operators' routes under `/api/admin/` (health, schedules and jobs, auction cancel and bids, players, economy,
/// the audit trail). Every handler first calls `admit`: a valid token of the `admin` role (401 without one, 403 for
/// a player's), then the per-operator rate limit (429); input is validated like every other route's. Reads answer
/// from the event loop's own reader; actions go through the Engine services, which write the audit row in the
/// action's own writer command, and answer from the writer's completion once durable.
struct AdminHandlers: Sendable {
    let environment: APIEnvironment
    let services: AdminServices

    /// Most rows a list answers, and the default.
    static let maxLimit: Int64 = 200
    static let defaultLimit: Int64 = 50
    /// A reason's length in characters (cancel, suspend).
    static let reasonLength = 1...500
}
