import API
import Realtime

/// The WebSocket gateway's game commands, answered by the same code as the REST routes (`AuctionBidding`), so a bid
/// over the socket and `POST /api/auctions/{auctionId}/bid` give the same results and error codes.
///
/// A value; called on a connection's loop, answers from the writer thread.
struct SocketBidCommands: RealtimeCommands {
    let bidding: AuctionBidding

    func placeBid(playerID: Int64, auctionID: Int64, amount: Int64,
                  completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        bidding.place(playerID: playerID, auctionID: auctionID, amount: amount, requestId: "ws-bid-\(playerID)-\(auctionID)") {
            response in completion(RealtimeCommandError.answer(from: response))
        }
    }
}
