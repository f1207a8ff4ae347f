import Engine
import Game
import HTTP
import Store

/// `POST /api/admin/auctions/{auctionId}/cancel` and `GET /api/admin/auctions/{auctionId}/bids`.
extension AdminHandlers {
    /// Body `{"reason"}` (1 to 500 characters); answers `{"auction":…}` as `GET /api/auctions/{id}` shows it to the
    /// operator, once the cancellation and its audit row are durable; 409 `auction_not_open` when it already ended.
    func cancelAuction(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let auctionID = try PathParameter.id(request, "auctionId")
            _ = try QueryParameters(request, allowed: [])
            let body = try RequestBody(request, allowedFields: ["reason"], limitBytes: environment.configuration.maxBodyBytes)
            let reason = try body.string("reason", length: Self.reasonLength)
            let auctions = services.auctions
            auctions.cancelAuction(auctionID: auctionID, reason: reason, by: actor,
                                   completion: answer(responder, context) { cancelled in
                ["auction": AuctionJSON.auction(cancelled.auction, bids: cancelled.bids.map(\.bid),
                                                providers: auctions.providers, viewerID: actor.adminID)]
            })
            return nil
        }
    }

    /// Every bid with amounts and names, newest first. A sealed auction's amounts before settlement are recorded as
    /// viewed in the audit trail (`auction.bids_view`).
    func auctionBids(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let auctionID = try PathParameter.id(request, "auctionId")
            _ = try QueryParameters(request, allowed: [])
            let auctions = services.auctions
            let completion = answer(responder, context) { (list: AuctionService.AdminBidList) -> JSONValue in
                ["auctionId": .integer(list.auction.id), "status": .string(list.auction.status.rawValue),
                 "bids": .array(list.bids.map(AdminJSON.bid))]
            }
            try environment.readers.reader(context.loopIndex).read { database in
                auctions.adminBids(auctionID: auctionID, by: actor, reader: database, completion: completion)
            }
            return nil
        }
    }
}
