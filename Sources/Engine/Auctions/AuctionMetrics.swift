import Game
import Telemetry

/// The auction metrics, created once at start-up: active auctions by status, auctions created and closed by
/// outcome, bids by type, settlement duration and failed settlements.
///
/// Labels come from bounded sets (registered auction types; outcomes `sold|unsold|failed|cancelled`); never a player id or an
/// amount. Updated from the writer thread's after-commit actions.
public struct AuctionMetrics: Sendable {
    let created: CounterFamily
    let closed: CounterFamily
    let bids: CounterFamily
    let settlementDuration: Histogram
    let settlementFailures: Counter
    let active: GaugeFamily

    public init(registry: MetricsRegistry) throws(MetricsError) {
        created = try registry.makeCounterFamily(
            "worldgame_auctions_created_total", help: "Auctions created, by auction type.", labelNames: ["auction_type"])
        closed = try registry.makeCounterFamily(
            "worldgame_auctions_closed_total", help: "Auctions closed, by outcome (sold, unsold, failed, cancelled).",
            labelNames: ["outcome"])
        bids = try registry.makeCounterFamily(
            "worldgame_auction_bids_total", help: "Durable bids accepted, by auction type.", labelNames: ["auction_type"])
        settlementDuration = try registry.makeHistogram(
            "worldgame_auction_settlement_duration_seconds", help: "Time to settle one auction inside its writer command.",
            buckets: DefaultBuckets.latencySeconds)
        settlementFailures = try registry.makeCounter(
            "worldgame_auction_settlement_failures_total",
            help: "Settlement attempts that failed (the last one marks the auction failed and releases escrow).")
        active = try registry.makeGaugeFamily(
            "worldgame_auctions", help: "Auctions still taking bids or waiting for settlement, by status.",
            labelNames: ["status"])
    }

    /// Sets the active-auction gauges from counts read inside a writer command (call after it commits).
    func setActive(scheduled: Int64, inProgress: Int64) {
        active.labels(AuctionStatus.scheduled.rawValue).set(Double(scheduled))
        active.labels(AuctionStatus.inProgress.rawValue).set(Double(inProgress))
    }
}
