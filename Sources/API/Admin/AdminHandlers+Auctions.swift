import Engine
import Game
import HTTP

/// `POST /api/admin/auctions/{auctionId}/cancel` and `GET /api/admin/auctions/{auctionId}/bids`.
extension AdminHandlers {
    /// Body `{"reason"}` (1 to 500 characters); answers `{"auction":…}` as `GET /api/auctions/{id}` shows it to the
    /// operator, once the cancellation and its audit row are durable; 409 `auction_not_open` when it already ended.
    func cancelAuction(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "auctionId") { admitted in
            let reason = try requiredReason(request)
            let auctions = services.auctions
            auctions.cancelAuction(auctionID: admitted.id, reason: reason, by: admitted.actor,
                                   completion: answer(responder, context) { cancelled in
                ["auction": AuctionJSON.auction(cancelled.auction, bids: cancelled.bids.map(\.bid),
                                                providers: auctions.providers, viewerID: admitted.actor.adminID)]
            })
        }
    }

    /// Every bid with amounts and names, newest first. A sealed auction's amounts before settlement are recorded as
    /// viewed in the audit trail (`auction.bids_view`).
    func auctionBids(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "auctionId") { admitted in
            let auctions = services.auctions
            let completion = answer(responder, context) { (list: AuctionService.AdminBidList) -> JSONValue in
                ["auctionId": .integer(list.auction.id), "status": .string(list.auction.status.rawValue),
                 "bids": .array(list.bids.map(AdminJSON.bid))]
            }
            try environment.readers.reader(context.loopIndex).read { database in
                auctions.adminBids(auctionID: admitted.id, by: admitted.actor, reader: database, completion: completion)
            }
        }
    }
}
