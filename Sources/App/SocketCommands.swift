import API
import HTTP
import Realtime
import Replication

/// The WebSocket gateway's game commands, answered by the same code as the REST routes (`AuctionBidding` for
/// `POST /api/auctions/{auctionId}/bid`, `SquareMerging` for `POST /api/merges`), so a command over the socket and
/// its route give the same results and error codes.
///
/// A value; called on a connection's loop, answers from the writer thread (or at once when the input is refused).
struct SocketCommands: RealtimeCommands {
    let bidding: AuctionBidding
    let merging: SquareMerging
    /// When set and not primary, commands answer 503 `not_primary` as the REST routes do on a standby.
    let replicationNode: ReplicationNode?

    /// The bid gets a trace as a REST bid does (the client's `traceparent`, else a new one), so its id reaches the
    /// stored bid and the settlement's log lines; the log's request id is the client's `requestId`.
    func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                  completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        if let refusal = notPrimaryRefusal() { return completion(RealtimeCommandError.answer(from: refusal)) }
        let trace = TraceContext.continuing(traceparent)
        bidding.place(playerID: playerID, auctionID: auctionID, amount: amount, requestId: "ws:\(requestID)",
                      traceID: trace.traceID) { response in
            completion(RealtimeCommandError.answer(from: response))
        }
    }

    func merge(playerID: Int64, squareIDs: [Int64],
               completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        if let refusal = notPrimaryRefusal() { return completion(RealtimeCommandError.answer(from: refusal)) }
        merging.merge(playerID: playerID, squareIDs: squareIDs, requestId: "ws-merge-\(playerID)") { response in
            completion(RealtimeCommandError.answer(from: response))
        }
    }

    private func notPrimaryRefusal() -> HTTPResponse? {
        guard let replicationNode, !replicationNode.isPrimary else { return nil }
        return ReplicationWriteGuard.notPrimaryResponse(primaryURL: replicationNode.current.primaryURL)
    }
}
