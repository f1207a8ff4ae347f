import Game
import HTTP

extension AuctionError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .auctionNotFound: .notFound
        case .notOpen, .ended, .squaresUnavailable, .ownershipChanged: .conflict
        case .insufficientFunds, .bidTooLow, .ownLand: .unprocessableContent
        case .unknownAuctionType, .invalidAuction: .badRequest
        case .notSquareOwner: .forbidden
        }
    }

    public var code: String {
        switch self {
        case .auctionNotFound: "auction_not_found"
        case .notOpen: "auction_not_open"
        case .ended: "auction_ended"
        case .insufficientFunds: "insufficient_funds"
        case .bidTooLow: "bid_too_low"
        case .ownLand: "own_land"
        case .unknownAuctionType: "unknown_auction_type"
        case .squaresUnavailable: "squares_unavailable"
        case .invalidAuction: "invalid_auction"
        case .notSquareOwner: "not_your_square"
        case .ownershipChanged: "conflict"
        }
    }

    public var message: String {
        switch self {
        case .auctionNotFound(let id): "There is no auction with id \(id)."
        case .notOpen(_, let status): "The auction is \(status.rawValue) and does not take bids."
        case .ended: "The auction has ended; bids are no longer accepted."
        case .insufficientFunds: "Not enough available gold for this bid."
        case .bidTooLow(_, let minimum): "The bid must be at least \(minimum)."
        case .ownLand: "You cannot bid on your own land."
        case .unknownAuctionType(let type): "Unknown auctionType '\(type)'."
        case .squaresUnavailable(let squareID, let reason): "Square \(squareID) cannot be auctioned: \(reason)."
        case .invalidAuction(let reason): "Invalid auction: \(reason)."
        case .notSquareOwner(let squareID, _): "You do not own square \(squareID); only its owner can auction it."
        case .ownershipChanged: "The land changed owner; the auction cannot settle."
        }
    }
}

/// The node runs no auction engine (a standby, or a test server without one): auction writes are refused.
public struct AuctionsUnavailableError: Error, Equatable, APIErrorRepresentable {
    public var status: HTTPStatus { .serviceUnavailable }
    public var code: String { "auctions_unavailable" }
    public var message: String { "Auctions do not take changes on this node; retry on the primary." }
    public var headers: HTTPHeaders { ["retry-after": "1"] }
}
