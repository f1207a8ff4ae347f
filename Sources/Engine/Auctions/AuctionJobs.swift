import Clocks
import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The auction job handlers: `settleAuction` (one auction, at its end) and the daily `checkAndQueueAuctions`.
///
/// Both are database-only: they run on the writer thread inside the job's writer command, exactly once.
public enum AuctionJobs {
    /// Registers both handlers (replacing the seed placeholder of `checkAndQueueAuctions`).
    public static func register(in handlers: inout JobHandlers, auctions: AuctionService) {
        handlers.register(AuctionService.settleKind, .database { context, transaction in
            try auctions.runSettlement(context, transaction)
        })
        handlers.register(SeedSchedules.checkAndQueueAuctions, .database { context, transaction in
            try auctions.checkAndQueueAuctions(context, transaction)
        })
    }
}

/// A settlement attempt failed; the reason names the failure without any amount.
public enum AuctionSettlementError: Error, Equatable, CustomStringConvertible {
    case payloadInvalid(payload: String)
    case attemptFailed(auctionID: Int64, reason: String)

    public var description: String {
        switch self {
        case .payloadInvalid(let payload): "settlement payload is not {\"auctionId\":N}: \(payload)"
        case .attemptFailed(let auctionID, let reason): "settlement of auction \(auctionID) failed: \(reason)"
        }
    }
}

extension AuctionService {
    private struct SettlePayload: Decodable { var auctionId: Int64 }

    /// Settles the job's auction. A failing attempt rolls back and is retried; the last one marks the auction failed
    /// and releases every bid instead. A still-running auction (extended) gets a new job at its new end.
    func runSettlement(_ context: JobContext, _ transaction: Transaction) throws {
        guard let payload = try? JSONDecoder().decode(SettlePayload.self, from: Data(context.job.payload.utf8)) else {
            throw AuctionSettlementError.payloadInvalid(payload: context.job.payload)
        }
        let auctionID = payload.auctionId
        let began = ContinuousClock.now
        let now = clock.now.rawValue
        let outcome: SettlementOutcome
        do {
            outcome = try transaction.withSavepoint("auction_settlement") {
                try Auctions.settle(auctionID: auctionID, rules: configuration.rules, providers: providers,
                                    market: configuration.market, now: now, in: transaction)
            }
        } catch {
            let reason = Self.redactedReason(error)
            // Counted now, not after commit: a retried attempt's writes roll back with the job's savepoint, and the
            // failure happened either way.
            metrics?.settlementFailures.increment()
            guard context.attempt >= context.job.maxAttempts else {
                throw AuctionSettlementError.attemptFailed(auctionID: auctionID, reason: reason)
            }
            try failAuction(auctionID, reason: reason, now: now, context: context, in: transaction)
            try refreshActiveGauges(in: transaction)
            return
        }
        try refreshActiveGauges(in: transaction)
        switch outcome {
        case .settled(let auction, let events):
            try publishAfterCommit(events, in: transaction)
            let metrics = metrics
            let logger = context.logger
            let tracedBids = try settledBidTraces(auctionID: auction.id, in: transaction)
            transaction.afterCommit {
                metrics?.settlementDuration.observe(ContinuousClock.now - began)
                let outcome = auction.status == .cancelled ? "cancelled" : auction.winnerID == nil ? "unsold" : "sold"
                metrics?.closed.labels(outcome).increment()
                logger.info("auction settled", [("auction_id", .int(auction.id)),
                                                ("has_winner", .bool(auction.winnerID != nil))])
                for bid in tracedBids {
                    logger.info("auction bid settled", [("auction_id", .int(auction.id)), ("bid_id", .int(bid.id)),
                                                        ("player_id", .int(bid.playerID)),
                                                        ("outcome", .string(bid.status)),
                                                        ("bid_trace_id", .string(bid.traceID))])
                }
            }
        case .alreadyClosed:
            context.logger.debug("auction already closed", [("auction_id", .int(auctionID))])
        case .notDue:
            guard let auction = try Auctions.find(id: auctionID, in: transaction) else { return }
            try enqueueSettlement(auction, in: transaction)
        }
    }

    /// The settled bids placed under a W3C trace (no amounts: the log must not reveal them), so an operator can follow
    /// a bid's trace id from its HTTP request to this settlement.
    private func settledBidTraces(
        auctionID: Int64, in transaction: Transaction
    ) throws -> [(id: Int64, playerID: Int64, status: String, traceID: String)] {
        try transaction.query("""
            SELECT id, player_id, status, trace_id FROM auction_bids
            WHERE auction_id = ? AND status IN ('won', 'lost') AND trace_id IS NOT NULL ORDER BY id
            """, [auctionID]).map { row in
            (try row.int64("id"), try row.int64("player_id"), try row.string("status"), try row.string("trace_id"))
        }
    }

    private func failAuction(_ auctionID: Int64, reason: String, now: Int64, context: JobContext,
                             in transaction: Transaction) throws {
        let closed = try Auctions.close(auctionID: auctionID, as: .failed, reason: reason, rules: configuration.rules,
                                        now: now, in: transaction)
        guard let closed else { return }
        try publishAfterCommit(closed.events, in: transaction)
        let metrics = metrics
        let logger = context.logger
        transaction.afterCommit {
            metrics?.closed.labels("failed").increment()
            logger.error("auction settlement failed; auction marked failed and escrow released",
                         [("auction_id", .int(auctionID)), ("reason", .string(reason))])
        }
    }

    /// Creates auctions for due, unlocked, unowned squares outside active auctions (one per square, the configured
    /// type and duration; owned land is never put up by the game), and re-queues settlements of auctions whose end
    /// passed without a pending job (e.g. it died).
    func checkAndQueueAuctions(_ context: JobContext, _ transaction: Transaction) throws {
        let now = clock.now.rawValue
        var created = 0
        for square in try Auctions.dueSquares(now: now, limit: configuration.maxAuctionsPerCheck, in: transaction)
        where try SquareLocks.holder(of: square, in: transaction) == nil {
            let request = NewAuction(auctionType: configuration.scheduledAuctionType, landSquares: [square], startTime: now,
                                     endTime: now + configuration.scheduledDurationMilliseconds,
                                     reservePrice: configuration.scheduledReservePrice)
            _ = try create(request, in: transaction)
            created += 1
        }
        var requeued = 0
        for auction in try Auctions.overdue(now: now, limit: 1_000, in: transaction) {
            let key = "auction-settle:\(auction.id):\(auction.endTime)"
            let active = try transaction.queryOne(
                "SELECT id FROM jobs WHERE dedupe_key = ? AND state IN ('pending', 'running', 'failed')", [key])
            if active == nil {
                try enqueueSettlement(auction, in: transaction)
                requeued += 1
            }
        }
        try refreshActiveGauges(in: transaction)
        let logger = context.logger
        let fields: [(String, LogValue)] = [("created", .int(Int64(created))), ("settlements_requeued", .int(Int64(requeued)))]
        transaction.afterCommit {
            logger.info("auctions queued", fields)
        }
    }

    /// A failure reason for logs, job rows and `auctions.failure_reason` that can never carry an amount.
    static func redactedReason(_ error: any Error) -> String {
        switch error {
        case let error as AuctionError: error.description
        case let error as GameError:
            switch error {
            case .insufficientFunds(let accountID, _, _, _): "ledger refused: insufficient funds in account \(accountID)"
            case .balanceOverflow(let accountID): "ledger refused: balance overflow in account \(accountID)"
            default: "game rule refused: \(Mirror(reflecting: error).children.first?.label ?? "unknown")"
            }
        case let error as StoreError: "database error: \(error.description)"
        default: "error of type \(type(of: error))"
        }
    }
}
