import API
import Engine
import HTTP
import Realtime
import Replication
import Telemetry

/// The WebSocket gateway's game commands, answered by the same code as the REST routes (`AuctionBidding` for
/// `POST /api/auctions/{auctionId}/bid`, `LandService.merge` for `POST /api/merges`), so a command over the socket
/// and its route give the same results and error codes.
///
/// A value; called on a connection's loop, answers from the writer thread (or at once when the input is refused).
struct SocketCommands: RealtimeCommands {
    let bidding: AuctionBidding
    let land: LandService
    /// Logs a command's unexpected failure once (with its request id), as the REST routes do.
    let logger: Logger
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
        let requestID = "ws-merge-\(playerID)"
        let logger = logger
        land.merge(playerID: playerID, squareIDs: squareIDs) { result in
            switch result {
            case .success(let merged):
                completion(.success(RealtimeCommandResult(json: ResourceJSON.mergeResult(merged).encoded())))
            case .failure(let error):
                let answer = APIResponses.answer(for: error, requestId: requestID, logger: logger)
                completion(.failure(RealtimeCommandError(status: answer.status.code, code: answer.code,
                                                         message: answer.message)))
            }
        }
    }

    private func notPrimaryRefusal() -> HTTPResponse? {
        guard let replicationNode, !replicationNode.isPrimary else { return nil }
        return NodeReplication.notPrimaryResponse(primaryURL: replicationNode.current.primaryURL)
    }
}
