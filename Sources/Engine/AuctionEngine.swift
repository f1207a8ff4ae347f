import Clocks
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The auction service: places bids and creates auctions through the writer, runs settlements and the daily check
/// as database-only jobs, and publishes the committed events.
///
/// Built once by the node (after the Writer, before the job system) and shared read-only by event loops (bids,
/// creations) and the writer thread (job handlers, completions). It holds no mutable state of its own.
public final class AuctionEngine: Sendable {
    /// The job kind of one auction's settlement (payload `{"auctionId":N}`).
    public static let settleKind = "settleAuction"

    public let writer: Writer
    /// Enqueues settlement jobs inside the engine's writer commands.
    public let queue: JobQueue
    public let providers: AuctionProviders
    public let configuration: AuctionEngineConfiguration
    public let clock: any WallClock
    let bus: EventBus?
    let metrics: AuctionMetrics?
    let logger: Logger

    /// - Parameters:
    ///   - bus: where committed events go (nil: nowhere).
    ///   - registry: where the auction metrics are registered (nil: no metrics).
    ///   - jobsConfiguration: the node's queue configuration (default attempts, wake-ups).
    /// - Throws: `MetricsError` when the metric names are taken.
    public init(writer: Writer, clock: any WallClock, bus: EventBus?, configuration: AuctionEngineConfiguration = .init(),
                providers: AuctionProviders = .standard, registry: MetricsRegistry?, logger: Logger,
                jobsConfiguration: JobsConfiguration = JobsConfiguration()) throws {
        self.writer = writer
        self.queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        self.providers = providers
        self.configuration = configuration
        self.clock = clock
        self.bus = bus
        self.metrics = try registry.map { registry throws(MetricsError) in try AuctionMetrics(registry: registry) }
        self.logger = logger
    }

    /// Places a bid; `completion` runs on the writer thread once the bid is durable (or with its refusal).
    /// `traceID` is the request's W3C trace id, kept with the bid for the settlement's log lines.
    public func placeBid(auctionID: Int64, playerID: Int64, amount: Int64, traceID: String? = nil,
                         completion: @escaping @Sendable (Result<BidOutcome, any Error>) -> Void) {
        let now = clock.now.rawValue
        writer.submit({ [self] transaction in
            let outcome = try Auctions.placeBid(auctionID: auctionID, playerID: playerID, amount: amount,
                                                rules: configuration.rules, providers: providers, now: now,
                                                traceID: traceID, in: transaction)
            if outcome.wasExtended { try enqueueSettlement(outcome.auction, traceID: traceID, in: transaction) }
            try publishAfterCommit(outcome.events, in: transaction)
            let metrics = metrics
            let logger = logger
            let type = outcome.auction.auctionType
            transaction.afterCommit {
                metrics?.bids.labels(type).increment()
                var fields: [(String, LogValue)] = [("auction_id", .int(auctionID)), ("player_id", .int(playerID)),
                                                    ("bid_id", .int(outcome.bid.id))]
                if let traceID { fields.append(("trace_id", .string(traceID))) }
                logger.info("auction bid accepted", fields)
            }
            return outcome
        }, completion: completion)
    }

    /// Creates an auction and its settlement job; `completion` runs on the writer thread once both are durable.
    /// `traceID` (the operator request's W3C trace id) is logged by the settlement job.
    public func createAuction(_ request: NewAuction, traceID: String? = nil,
                              completion: @escaping @Sendable (Result<Auction, any Error>) -> Void) {
        writer.submit({ [self] transaction in
            let auction = try create(request, traceID: traceID, in: transaction)
            try refreshActiveGauges(in: transaction)
            return auction
        }, completion: completion)
    }

    /// The body of `createAuction` inside the caller's writer command.
    func create(_ request: NewAuction, traceID: String? = nil, in transaction: Transaction) throws -> Auction {
        let (auction, events) = try Auctions.create(request, rules: configuration.rules, providers: providers,
                                                    now: clock.now.rawValue, in: transaction)
        try enqueueSettlement(auction, traceID: traceID, in: transaction)
        try publishAfterCommit(events, in: transaction)
        let metrics = metrics
        let logger = logger
        transaction.afterCommit {
            metrics?.created.labels(auction.auctionType).increment()
            logger.info("auction created", [("auction_id", .int(auction.id)), ("auction_type", .string(auction.auctionType)),
                                            ("squares", .int(Int64(auction.landSquares.count)))])
        }
        return auction
    }

    /// Enqueues the settlement of `auction` at its current `endTime` (a no-op when that job is already queued).
    func enqueueSettlement(_ auction: Auction, traceID: String? = nil, in transaction: Transaction) throws {
        _ = try queue.enqueue(NewJob(kind: Self.settleKind, payload: #"{"auctionId":\#(auction.id)}"#,
                                     runAt: auction.endTime, maxAttempts: configuration.settlementMaxAttempts,
                                     dedupeKey: "auction-settle:\(auction.id):\(auction.endTime)", traceID: traceID),
                              in: transaction)
    }

    /// Recounts active auctions by status (an index range each) and sets the gauges once the command commits.
    func refreshActiveGauges(in transaction: Transaction) throws {
        guard let metrics else { return }
        let row = try transaction.queryOne(
            """
            SELECT (SELECT count(*) FROM auctions WHERE status = 'scheduled') AS scheduled,
                   (SELECT count(*) FROM auctions WHERE status = 'in-progress') AS in_progress
            """)
        let scheduled = try row?.int64("scheduled") ?? 0
        let inProgress = try row?.int64("in_progress") ?? 0
        transaction.afterCommit { metrics.setActive(scheduled: scheduled, inProgress: inProgress) }
    }

    func publishAfterCommit(_ events: [DomainEvent], in transaction: Transaction) throws {
        guard let bus, !events.isEmpty else { return }
        try bus.publish(events, after: transaction)
    }
}
