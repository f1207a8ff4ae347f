import Clocks
import Game
import Jobs
import Store
import Telemetry

/// The demo world's steady supply of short auctions: a persisted schedule (`demoAuctions`, every
/// `intervalSeconds`) whose database-only job tops the open auctions of unowned land up to `openTarget`, plus one run
/// queued at start-up so a fresh node has something to bid on within seconds.
///
/// Why a schedule and a top-up: the job runs on the writer thread inside its job's writer command, on the primary only
/// (the job system runs only there), and it counts what is open before creating anything, so a restart, a missed run,
/// the start-up run racing a scheduled one, or a promotion never doubles the supply. It only ever picks unowned land
/// (`UnownedSquareQuery`); owned squares are never put up by it.
public enum DemoAuctions {
    /// The schedule's name and the job kind.
    public static let kind = "demoAuctions"

    /// The persisted schedule of the cadence.
    public static func schedule(_ settings: DemoAuctionSettings) -> Schedule {
        Schedule(name: kind, kind: kind, cadence: .every(seconds: max(1, settings.intervalSeconds)))
    }

    /// The run queued at start-up (deduplicated while one is still queued).
    public static let startupJob = NewJob(kind: kind, dedupeKey: "\(kind):startup")

    /// Registers the job handler.
    public static func register(in handlers: inout JobHandlers, auctions: AuctionService, settings: DemoAuctionSettings) {
        handlers.register(kind, .database { context, transaction in
            let created = try auctions.topUpDemoAuctions(settings, in: transaction)
            let logger = context.logger
            transaction.afterCommit {
                logger.info("demo auctions topped up", [("created", .int(Int64(created.count))),
                                                        ("open_target", .int(Int64(settings.openTarget)))])
            }
        })
    }
}

extension AuctionService {
    /// Creates auctions of free unowned squares until `settings.openTarget` auctions of unowned land are open; returns
    /// the new ones. Types rotate through `DemoAuctionSettings.auctionTypes` by auction id.
    public func topUpDemoAuctions(_ settings: DemoAuctionSettings, in transaction: Transaction) throws -> [Auction] {
        guard settings.isEnabled else { return [] }
        let missing = settings.openTarget - (try UnownedSquareQuery.openAuctionCount(in: transaction))
        guard missing > 0 else { return [] }
        let now = clock.now.rawValue
        let lastID = try transaction.queryOne("SELECT coalesce(max(id), 0) AS id FROM auctions")?.int64("id") ?? 0
        let types = DemoAuctionSettings.auctionTypes
        var created: [Auction] = []
        for (index, square) in try UnownedSquareQuery.free(limit: missing, in: transaction).enumerated() {
            let type = types[Int((lastID + Int64(index) + 1) % Int64(types.count))]
            let seconds = Int64(settings.durationSeconds) + Int64(index) * Int64(max(1, settings.intervalSeconds))
            let request = NewAuction(auctionType: type, landSquares: [square], startTime: now,
                                     endTime: now + seconds * 1000, reservePrice: settings.reservePrice)
            created.append(try create(request, in: transaction))
        }
        if !created.isEmpty { try refreshActiveGauges(in: transaction) }
        return created
    }
}
