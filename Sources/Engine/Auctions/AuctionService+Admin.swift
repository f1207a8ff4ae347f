import Game
import Store

/// The operators' auction actions, on the same service (and the same writer path) as players' bids: the operator's
/// creation, cancellation of an open auction, and the full bid list. Each change writes its audit row in the same
/// writer command, so a refused action leaves none.
extension AuctionService {
    /// What `adminBids` answers: the auction and every bid with its amount and bidder.
    public struct AdminBidList: Sendable {
        public var auction: Auction
        public var bids: [AdminBidView]
    }

    /// Creates an operator's auction (as `createAuction`) and records `auction.create` in the same command.
    public func createAuction(_ request: NewAuction, by actor: AdminActor,
                              completion: @escaping @Sendable (Result<Auction, any Error>) -> Void) {
        writer.submit({ [self] transaction in
            let auction = try create(request, traceID: actor.traceID, in: transaction)
            try refreshActiveGauges(in: transaction)
            try AdminAudit.record(.auctionCreate, target: "auction:\(auction.id)", details: [
                "auctionType": .string(auction.auctionType), "landSquares": .array(auction.landSquares.map { .integer($0) }),
                "endTime": .integer(auction.endTime), "reservePrice": .integer(auction.reservePrice),
            ], by: actor, now: clock.now.rawValue, in: transaction)
            return auction
        }, completion: completion)
    }

    /// Cancels an open auction for `reason`: every standing bid's escrow goes back through the ledger, each bidder
    /// gets `bid_released` on their `player:{id}` and `auction:{id}` gets `auction_cancelled`, all after commit; the
    /// audit row `auction.cancel` is written in the same command.
    /// - Throws (in the completion): `AuctionError.auctionNotFound`, `AdminError.auctionNotActive`, writer errors.
    /// Completes with the cancelled auction and all its bids (every one released or final: nothing sealed remains).
    public func cancelAuction(auctionID: Int64, reason: String, by actor: AdminActor,
                              completion: @escaping @Sendable (Result<AdminBidList, any Error>) -> Void) {
        let now = clock.now.rawValue
        writer.submit({ [self] transaction in
            let (auction, events) = try Auctions.cancel(auctionID: auctionID, reason: reason, rules: configuration.rules,
                                                        now: now, in: transaction)
            let released = events.filter { $0.type == "bid_released" }.count
            try AdminAudit.record(.auctionCancel, target: "auction:\(auctionID)", details: [
                "reason": .string(reason), "releasedBids": .integer(Int64(released)),
            ], by: actor, now: now, in: transaction)
            try refreshActiveGauges(in: transaction)
            try publishAfterCommit(events, in: transaction)
            let logger = logger
            transaction.afterCommit {
                logger.info("auction cancelled by an operator", [
                    ("auction_id", .int(auctionID)), ("admin_id", .int(actor.adminID)),
                    ("request_id", .string(actor.requestID)),
                ])
            }
            return AdminBidList(auction: auction, bids: try Auctions.adminBids(auctionID: auctionID, in: transaction))
        }, completion: completion)
    }

    /// Every bid of `auctionID` with amounts and names. A sealed auction's amounts before settlement are secret, so
    /// that view runs as a writer command that records `auction.bids_view` in the audit trail; any other view is a
    /// plain read on `reader` (no row: nothing secret was shown).
    /// - Throws (in the completion): `AuctionError.auctionNotFound`, store and writer errors.
    public func adminBids(auctionID: Int64, by actor: AdminActor, reader: any SQLExecutor,
                          completion: @escaping @Sendable (Result<AdminBidList, any Error>) -> Void) {
        let isSecret: Bool
        do {
            guard let auction = try Auctions.find(id: auctionID, in: reader) else {
                throw AuctionError.auctionNotFound(auctionID: auctionID)
            }
            let sealed = (try? providers.provider(for: auction.auctionType).isSealed) ?? true
            isSecret = sealed && auction.status.isActive
            if !isSecret {
                return completion(.success(AdminBidList(auction: auction,
                                                        bids: try Auctions.adminBids(auctionID: auctionID, in: reader))))
            }
        } catch {
            return completion(.failure(error))
        }
        let now = clock.now.rawValue
        writer.submit({ transaction in
            guard let auction = try Auctions.find(id: auctionID, in: transaction) else {
                throw AuctionError.auctionNotFound(auctionID: auctionID)
            }
            let bids = try Auctions.adminBids(auctionID: auctionID, in: transaction)
            try AdminAudit.record(.auctionBidsView, target: "auction:\(auctionID)", details: [
                "bidCount": .integer(Int64(bids.count)), "status": .string(auction.status.rawValue),
            ], by: actor, now: now, in: transaction)
            return AdminBidList(auction: auction, bids: bids)
        }, completion: completion)
    }

    /// Releases every standing bid of `playerID` inside the caller's writer command (a suspension), publishing the
    /// `bid_released` events after commit; returns how many bids were released.
    func releaseStandingBids(playerID: Int64, now: Int64, in transaction: Transaction) throws -> Int {
        let (bids, events) = try Auctions.releaseStandingBids(playerID: playerID, now: now, in: transaction)
        try publishAfterCommit(events, in: transaction)
        return bids.count
    }
}
