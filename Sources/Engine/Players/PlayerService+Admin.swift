import Game
import Store

/// The operators' player actions on the players' own service: suspend and reinstate, each one writer command with
/// its audit row.
///
/// A suspension ends everything the player has running in the same command: their standing bids (through the
/// `AuctionService`) and open orders (through the `MarketService`) are cancelled with escrow released, the token
/// generation rises (every REST request with an older token gets 401 at once) and `account_suspended` is published,
/// on which the node's gateway closes the player's sockets with 4003.
extension PlayerService {
    /// What a suspension did.
    public struct Suspension: Sendable {
        /// The player as committed (suspended, bids released, orders cancelled).
        public var player: PlayerSummary
        public var releasedBids: Int
        public var cancelledOrders: Int
    }

    /// Suspends `playerID` for `reason` (see the type's comment); `auctions` and `market` are the node's services.
    /// - Throws (in the completion): `GameError.playerNotFound`, `AdminError.cannotSuspend`, `.alreadySuspended`,
    ///   writer errors.
    public func suspend(playerID: Int64, reason: String, by actor: AdminActor, auctions: AuctionService,
                        market: MarketService, completion: @escaping Completion<Suspension>) {
        let now = clock.now.rawValue
        let bus = bus
        writer.submit({ transaction in
            let (suspended, event) = try Players.suspend(playerID: playerID, reason: reason, now: now, in: transaction)
            let releasedBids = try auctions.releaseStandingBids(playerID: playerID, now: now, in: transaction)
            let cancelledOrders = try market.cancelOpenOrders(playerID: playerID, in: transaction)
            try AdminAudit.record(.playerSuspend, target: "player:\(playerID)", details: [
                "reason": .string(reason), "releasedBids": .integer(Int64(releasedBids)),
                "cancelledOrders": .integer(Int64(cancelledOrders)),
            ], by: actor, now: now, in: transaction)
            try bus.publish([event], after: transaction)
            guard let player = try Players.summary(playerID: suspended.id, in: transaction) else {
                throw GameError.playerNotFound(playerID: playerID)
            }
            return Suspension(player: player, releasedBids: releasedBids, cancelledOrders: cancelledOrders)
        }, completion: completion)
    }

    /// Lifts the suspension of `playerID`; tokens from before the suspension stay revoked (the player logs in again).
    /// - Throws (in the completion): `GameError.playerNotFound`, `AdminError.notSuspended`, writer errors.
    public func reinstate(playerID: Int64, by actor: AdminActor, completion: @escaping Completion<PlayerSummary>) {
        let now = clock.now.rawValue
        writer.submit({ transaction in
            let player = try Players.reinstate(playerID: playerID, in: transaction)
            try AdminAudit.record(.playerReinstate, target: "player:\(playerID)", by: actor, now: now, in: transaction)
            guard let summary = try Players.summary(playerID: player.id, in: transaction) else {
                throw GameError.playerNotFound(playerID: playerID)
            }
            return summary
        }, completion: completion)
    }
}
