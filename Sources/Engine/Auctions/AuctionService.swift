import Clocks
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The auction service: the only code that submits writer commands for auctions. It places bids and creates
/// auctions (the operator's, an owner's, the demo cadence's, the daily check's), runs settlements as database-only
/// jobs, and publishes the committed events.
///
/// Why one service: the REST routes and the WebSocket `bid` command call the same functions here and encode the
/// domain result themselves, so both answer alike. Built once by the node on every node (a standby's writes are
/// refused by the write guard and the replication recorder) with the node's one `JobQueue`, the one the job system's
/// workers claim from, so an enqueued settlement wakes them. Shared read-only by event loops (bids, creations) and
/// the writer thread (job handlers, completions); it holds no mutable state of its own.
public final class AuctionService: Sendable {
    /// The job kind of one auction's settlement (payload `{"auctionId":N}`).
    public static let settleKind = "settleAuction"
    /// The bid amounts accepted (1 to 10^15 gold): far above any real balance, far below overflow; anything else is an
    /// input error, not a bid.
    public static let bidAmounts: ClosedRange<Int64> = 1...1_000_000_000_000_000

    public let writer: Writer
    /// The node's job queue: settlement jobs are enqueued on it inside the service's writer commands.
    public let queue: JobQueue
    public let providers: AuctionProviders
    public let configuration: AuctionServiceConfiguration
    public let clock: any WallClock
    let bus: EventBus?
    let metrics: AuctionMetrics?
    let logger: Logger

    /// - Parameters:
    ///   - queue: the node's one job queue (its writer must be `writer`).
    ///   - bus: where committed events go (nil: nowhere).
    ///   - registry: where the auction metrics are registered (nil: no metrics).
    /// - Throws: `MetricsError` when the metric names are taken.
    public init(writer: Writer, queue: JobQueue, clock: any WallClock, bus: EventBus?,
                configuration: AuctionServiceConfiguration = .init(), providers: AuctionProviders = .standard,
                registry: MetricsRegistry?, logger: Logger) throws {
        self.writer = writer
        self.queue = queue
        self.providers = providers
        self.configuration = configuration
        self.clock = clock
        self.bus = bus
        self.metrics = try registry.map { registry throws(MetricsError) in try AuctionMetrics(registry: registry) }
        self.logger = logger
    }

    /// Places a bid; `completion` runs on the writer thread once the bid is durable (or with its refusal), or at once
    /// on the caller's thread when `amount` is outside `bidAmounts` (`.amountOutOfRange`, nothing submitted).
    /// `traceID` is the request's W3C trace id, kept with the bid for the settlement's log lines.
    public func placeBid(auctionID: Int64, playerID: Int64, amount: Int64, traceID: String? = nil,
                         completion: @escaping @Sendable (Result<BidOutcome, AuctionServiceError>) -> Void) {
        guard Self.bidAmounts.contains(amount) else {
            return completion(.failure(.amountOutOfRange(field: "amount", allowed: Self.bidAmounts)))
        }
        let now = clock.now.rawValue
        writer.submit(promise: .failsOnlyBeforeFirstWrite, { [self] transaction in
            // The accounts range pays for itself only where the events' holdings are published (a node's bus).
            let accounts = bus == nil ? nil : LedgerAccounts(in: transaction)
            let outcome = try Auctions.placeBid(auctionID: auctionID, playerID: playerID, amount: amount,
                                                rules: configuration.rules, providers: providers, now: now,
                                                traceID: traceID, accounts: accounts, in: transaction)
            if outcome.wasExtended { try enqueueSettlement(outcome.auction, traceID: traceID, in: transaction) }
            try publishAfterCommit(outcome.events, in: transaction, accounts: accounts)
            let metrics = metrics
            let logger = logger
            let type = outcome.auction.auctionType
            transaction.afterCommit {
                metrics?.bids.labels(type).increment()
                var fields: [(String, LogValue)] = [("auction_id", .int(auctionID)), ("player_id", .int(playerID)),
                                                    ("bid_id", .int(outcome.bid.id))]
                if let traceID { fields.append(("trace_id", .string(traceID))) }
                // Per request, so debug: at info, every bid formatted and wrote a log line on the writer thread.
                logger.debug("auction bid accepted", fields)
            }
            return outcome
        }, completion: { result in completion(result.mapError(AuctionServiceError.init)) })
    }

    /// Creates an auction (the operator's, or an owner's when `request.ownerID` is set) and its settlement job;
    /// `completion` runs on the writer thread once both are durable. `traceID` (the request's W3C trace id) is logged
    /// by the settlement job.
    public func createAuction(_ request: NewAuction, traceID: String? = nil,
                              completion: @escaping @Sendable (Result<Auction, AuctionServiceError>) -> Void) {
        writer.submit({ [self] transaction in
            let auction = try create(request, traceID: traceID, in: transaction)
            try refreshActiveGauges(in: transaction)
            return auction
        }, completion: { result in completion(result.mapError(AuctionServiceError.init)) })
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

    func publishAfterCommit(_ events: [DomainEvent], in transaction: Transaction,
                            accounts: LedgerAccounts? = nil) throws {
        guard let bus, !events.isEmpty else { return }
        try bus.publish(events, after: transaction, accounts: accounts)
    }
}
