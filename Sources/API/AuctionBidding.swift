import Engine
import Game
import HTTP
import Telemetry

/// The bid command behind both `POST /api/auctions/{auctionId}/bid` and the WebSocket `bid` message: checks the
/// amount, places the bid through the auction engine and answers with the route's response, so both paths give the
/// same results and the same error codes.
///
/// A value; `place` may be called from any thread and answers once, after the bid is durable (or refused).
public struct AuctionBidding: Sendable {
    /// The largest bid accepted (10^15 gold): larger numbers are input errors, not bids.
    public static let maxAmount: Int64 = 1_000_000_000_000_000

    /// Read at each bid: the engine appears when the node is promoted.
    let slot: AuctionEngineSlot
    let logger: Logger

    public init(engine: AuctionEngine?, logger: Logger) {
        self.init(slot: AuctionEngineSlot(engine), logger: logger)
    }

    public init(slot: AuctionEngineSlot, logger: Logger) {
        self.slot = slot
        self.logger = logger
    }

    /// Places `amount` on `auctionID` for `playerID`; `respond` gets 201 with the bid, or the error response.
    /// `traceID` (the request's W3C trace id) follows the bid into the settlement's log lines.
    public func place(playerID: Int64, auctionID: Int64, amount: Int64, requestId: String, traceID: String? = nil,
                      respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let logger = logger
        guard (1...Self.maxAmount).contains(amount) else {
            let error = APIRequestError.integerOutOfRange(field: "amount", minimum: 1, maximum: Self.maxAmount)
            respond(APIResponses.response(for: error, requestId: requestId, logger: logger))
            return
        }
        guard let engine = slot.current else {
            respond(APIResponses.response(for: AuctionsUnavailableError(), requestId: requestId, logger: logger))
            return
        }
        engine.placeBid(auctionID: auctionID, playerID: playerID, amount: amount, traceID: traceID) { result in
            switch result {
            case .success(let outcome):
                respond(APIResponses.json([
                    "bid": AuctionJSON.bid(outcome.bid), "auctionId": .integer(outcome.auction.id),
                    "status": .string(outcome.auction.status.rawValue),
                    "endTime": Timestamp.json(outcome.auction.endTime),
                ], status: .created))
            case .failure(let error):
                respond(APIResponses.response(for: error, requestId: requestId, logger: logger))
            }
        }
    }
}
