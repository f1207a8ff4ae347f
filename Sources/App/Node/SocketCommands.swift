import API
import Engine
import HTTP
import Realtime
import Replication
import Telemetry

/// The WebSocket gateway's game commands: a bid calls `AuctionService.placeBid`, the function
/// `POST /api/auctions/{auctionId}/bid` calls, and a merge `LandService.merge`, the function of `POST /api/merges`;
/// each encodes its result as its route does (`AuctionJSON.bidPlaced`, `ResourceJSON.mergeResult`, the API's error
/// mapping), so a command over the socket and over REST give the same results and error codes.
///
/// A value; called on a connection's loop, answers from the writer thread (or at once when the input is refused); a
/// bid's answer is encoded on the connection's loop.
struct SocketCommands: RealtimeCommands {
    let auctions: AuctionService
    let land: LandService
    /// Logs the errors without a mapping (answered `internal_error`), with the command's request id.
    let logger: Logger
    /// When set and not primary, commands answer 503 `not_primary` as the REST routes do on a standby.
    let replicationNode: ReplicationNode?

    /// The bid gets a trace as a REST bid does (the client's `traceparent`, else a new one), so its id reaches the
    /// stored bid and the settlement's log lines; the log's request id is the client's `requestId`.
    func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                  completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        if let refusal = notPrimaryRefusal() { return completion(.failure(refusal)) }
        let trace = TraceContext.continuing(traceparent)
        let logger = logger
        auctions.placeBid(auctionID: auctionID, playerID: playerID, amount: amount, traceID: trace.traceID) { result in
            switch result {
            case .success(let outcome):
                // Encoded on the connection's loop (the gateway reads `json` there), with the REST route's byte writer.
                completion(.success(RealtimeCommandResult(building: { AuctionJSON.bidPlacedBytes(outcome) })))
            case .failure(let error):
                completion(.failure(Self.commandError(error.apiError, requestID: "ws:\(requestID)", logger: logger)))
            }
        }
    }

    func merge(playerID: Int64, squareIDs: [Int64],
               completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        if let refusal = notPrimaryRefusal() { return completion(.failure(refusal)) }
        let requestID = "ws-merge-\(playerID)"
        let logger = logger
        land.merge(playerID: playerID, squareIDs: squareIDs) { result in
            switch result {
            case .success(let merged):
                completion(.success(RealtimeCommandResult(json: ResourceJSON.mergeResult(merged).encoded())))
            case .failure(let error):
                completion(.failure(Self.commandError(error, requestID: requestID, logger: logger)))
            }
        }
    }

    /// `error` as the REST API answers it (`APIResponses.answer`: its status, code and message).
    static func commandError(_ error: any Error, requestID: String, logger: Logger) -> RealtimeCommandError {
        let answer = APIResponses.answer(for: error, requestID: requestID, logger: logger)
        return RealtimeCommandError(status: answer.status.code, code: answer.code, message: answer.message)
    }

    private func notPrimaryRefusal() -> RealtimeCommandError? {
        guard let replicationNode else { return nil }
        let state = replicationNode.current
        if state.isSwitchingOver {
            return RealtimeCommandError(status: HTTPStatus.serviceUnavailable.code,
                                        code: ReplicationWriteGuard.switchingOverCode,
                                        message: ReplicationWriteGuard.switchingOverMessage)
        }
        guard state.role != .primary else { return nil }
        return RealtimeCommandError(status: HTTPStatus.serviceUnavailable.code, code: ReplicationWriteGuard.notPrimaryCode,
                                    message: ReplicationWriteGuard.notPrimaryMessage(
                                        primaryURL: replicationNode.current.primaryURL))
    }
}
