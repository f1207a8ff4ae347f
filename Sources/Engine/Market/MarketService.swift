import Clocks
import Game
import Store
import Telemetry

/// The marketplace's orchestration and the only writer of listings and orders: each change is one writer command running the `Game` rules, whose events go to
/// the `EventBus` and whose effects go to the metrics only after the batch commits.
///
/// Built once at start-up on every node (shared by the API handlers on every event loop and by the `matchOrders` job);
/// immutable and `Sendable`. Completions run on the writer thread after the commit (or at once on the caller's thread
/// when the writer refuses the command): hand the result to a responder and return.
public final class MarketService: Sendable {
    /// Runs once with the committed result, or with why nothing changed.
    public typealias Completion<T: Sendable> = @Sendable (Result<T, MarketServiceError>) -> Void

    public let writer: Writer
    public let configuration: MarketConfiguration
    public let clock: any WallClock
    let bus: EventBus
    let metrics: MarketMetrics?

    /// - Parameters:
    ///   - bus: where committed events go (the node's bus).
    ///   - registry: where the market metrics go; none when nil.
    /// - Throws: `MetricsError` when the metric names are already registered.
    public init(writer: Writer, configuration: MarketConfiguration = MarketConfiguration(),
                clock: any WallClock = SystemClock(), bus: EventBus, registry: MetricsRegistry?) throws {
        self.writer = writer
        self.configuration = configuration
        self.clock = clock
        self.bus = bus
        metrics = try registry.map { registry throws(MetricsError) in try MarketMetrics(registry: registry) }
    }

    /// Creates and funds the market maker once (after `GameSetup`, which creates the mint) and loads the depth gauges.
    /// Blocks on the writer: call at start-up, never from an event loop.
    public func prepare() throws {
        let configuration = configuration
        let clock = clock
        let totals = try writer.performAndWait { transaction in
            if configuration.marketMaker.isEnabled {
                try MarketMaker.prepare(configuration: configuration.marketMaker, now: clock.now.rawValue,
                                        in: transaction)
            }
            return try OrderBook.openTotals(in: transaction)
        }
        metrics?.apply(totals)
    }

    /// Places a limit order (escrow, matching, rest) in one writer command. Every refusal of an order (a bad price or
    /// quantity, not enough to escrow) comes before its first write, so the command declares
    /// `failsOnlyBeforeFirstWrite` and runs without a savepoint in a busy batch.
    public func placeOrder(_ request: OrderRequest, completion: @escaping Completion<OrderPlacement>) {
        run(completion, promise: .failsOnlyBeforeFirstWrite) { service, transaction in
            let accounts = LedgerAccounts(in: transaction)
            let placement = try OrderBook.place(request, configuration: service.configuration,
                                                now: service.clock.now.rawValue, accounts: accounts, in: transaction)
            try service.publish(placement.events, in: transaction, accounts: accounts) { metrics in
                metrics.record(placement)
            }
            return placement
        }
    }

    /// Cancels `orderID` for `playerID`, releasing its escrow, in one writer command. Its refusals (no such order,
    /// another player's, not open) come before its first write, so it declares `failsOnlyBeforeFirstWrite`.
    public func cancelOrder(orderID: Int64, playerID: Int64, completion: @escaping Completion<MarketOrder>) {
        run(completion, promise: .failsOnlyBeforeFirstWrite) { service, transaction in
            let accounts = LedgerAccounts(in: transaction)
            let closure = try OrderBook.cancel(orderID: orderID, playerID: playerID, now: service.clock.now.rawValue,
                                               accounts: accounts, in: transaction)
            try service.publish(closure.events, in: transaction, accounts: accounts) { metrics in
                metrics.apply(closure.bookDelta)
            }
            guard let order = closure.orders.first else { throw MarketError.orderNotFound(orderID: orderID) }
            return order
        }
    }

    /// Lists a square (locking it) in one writer command.
    public func createListing(squareID: Int64, sellerID: Int64, pricing: ListingPricing,
                              completion: @escaping Completion<Listing>) {
        run(completion) { service, transaction in
            let change = try Listings.create(squareID: squareID, sellerID: sellerID, pricing: pricing,
                                             configuration: service.configuration, now: service.clock.now.rawValue,
                                             in: transaction)
            try service.publish(change.events, in: transaction) { _ in }
            return change.listing
        }
    }

    /// Cancels a listing (unlocking its square) in one writer command.
    public func cancelListing(listingID: Int64, playerID: Int64, completion: @escaping Completion<Listing>) {
        run(completion) { service, transaction in
            let change = try Listings.cancel(listingID: listingID, playerID: playerID,
                                             now: service.clock.now.rawValue, in: transaction)
            try service.publish(change.events, in: transaction) { _ in }
            return change.listing
        }
    }

    /// Buys a listing in one writer command; a losing racer gets `MarketError.listingNotActive`.
    public func buyListing(listingID: Int64, buyerID: Int64, completion: @escaping Completion<Listing>) {
        run(completion) { service, transaction in
            let change = try Listings.buy(listingID: listingID, buyerID: buyerID, configuration: service.configuration,
                                          now: service.clock.now.rawValue, in: transaction)
            try service.publish(change.events, in: transaction) { metrics in metrics.listingSales.increment() }
            return change.listing
        }
    }

    /// Expires stale orders and listings inside the caller's writer command (the `matchOrders` job); returns how many.
    @discardableResult
    public func expireStale(in transaction: Transaction) throws -> (orders: Int, listings: Int) {
        let now = clock.now.rawValue
        let limit = configuration.expiryBatchLimit
        let orders = try OrderBook.expire(now: now, limit: limit, in: transaction)
        let listings = try Listings.expire(now: now, limit: limit, in: transaction)
        try publish(orders.events + listings.flatMap(\.events), in: transaction) { metrics in metrics.apply(orders.bookDelta) }
        return (orders.orders.count, listings.count)
    }

    /// Publishes `events` and updates the metrics once `transaction`'s batch commits. `accounts`: the command's ledger
    /// accounts when every balance change of the command went through them (the events' holdings come from there).
    func publish(_ events: [DomainEvent], in transaction: Transaction, accounts: LedgerAccounts? = nil,
                 metricsUpdate: @escaping @Sendable (MarketMetrics) -> Void) throws {
        let bus = bus
        let metrics = metrics
        try bus.publish(events, after: transaction, accounts: accounts)
        transaction.afterCommit {
            if let metrics { metricsUpdate(metrics) }
        }
    }

    private func run<T: Sendable>(_ completion: @escaping Completion<T>, promise: WriterCommandPromise = .none,
                                  _ command: @escaping @Sendable (MarketService, Transaction) throws -> T) {
        writer.submit(promise: promise, { [self] transaction in try command(self, transaction) },
                      completion: { result in completion(result.mapError(MarketServiceError.init)) })
    }
}
