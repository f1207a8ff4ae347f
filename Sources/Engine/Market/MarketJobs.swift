import Game
import Jobs

/// The marketplace's scheduled work: `matchOrders` expires stale orders and listings (releasing escrow, unlocking
/// squares). Matching itself is continuous at insertion, so the job never finds a crossed book to match.
///
/// `register` and `schedules` are called once at start-up by the node; the handler runs on the writer thread inside
/// the job's own writer command (exactly once).
public enum MarketJobs {
    /// The job kind and schedule name.
    public static let matchOrders = "matchOrders"

    /// Every minute.
    public static let schedules: [Schedule] = [
        Schedule(name: matchOrders, kind: matchOrders, cadence: .every(seconds: 60)),
    ]

    /// Registers the `matchOrders` handler.
    public static func register(in handlers: inout JobHandlers, market: MarketService) {
        handlers.register(matchOrders, .database { context, transaction in
            let expired = try market.expireStale(in: transaction)
            if expired.orders > 0 || expired.listings > 0 {
                context.logger.info("market expired stale entries", [
                    ("orders", .int(Int64(expired.orders))), ("listings", .int(Int64(expired.listings))),
                ])
            }
        })
    }
}
