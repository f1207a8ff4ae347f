import Game
import HTTP
import Jobs

extension AdminError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .auctionNotActive, .cannotSuspend, .alreadySuspended, .notSuspended, .treasuryShort: .conflict
        case .quantityTooLarge: .badRequest
        case .marketMakerMissing: .notFound
        }
    }

    public var code: String {
        switch self {
        case .auctionNotActive: "auction_not_open"
        case .cannotSuspend: "cannot_suspend"
        case .alreadySuspended: "already_suspended"
        case .notSuspended: "not_suspended"
        case .treasuryShort: "treasury_short"
        case .quantityTooLarge: "out_of_range"
        case .marketMakerMissing: "market_maker_not_found"
        }
    }

    public var message: String {
        switch self {
        case .auctionNotActive(let auctionID, let status):
            "Auction \(auctionID) is \(status); only a scheduled or running auction can be cancelled."
        case .cannotSuspend(_, let reason): "This account cannot be suspended: \(reason)."
        case .alreadySuspended: "This player is already suspended."
        case .notSuspended: "This player is not suspended."
        case .treasuryShort(let asset, let available, let requested):
            "The treasury holds \(available) \(asset) and this top-up costs \(requested); top up less."
        case .quantityTooLarge: "The quantity is too large for this top-up."
        case .marketMakerMissing: "This node has no market maker."
        }
    }
}

extension JobsError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .jobNotFound: .notFound
        case .cannotRetry, .cannotCancel, .dedupeKeyTaken: .conflict
        default: .internalServerError
        }
    }

    public var code: String {
        switch self {
        case .jobNotFound: "job_not_found"
        case .cannotRetry: "job_not_retryable"
        case .cannotCancel: "job_not_cancellable"
        case .dedupeKeyTaken: "job_already_queued"
        default: "internal_error"
        }
    }

    public var message: String {
        switch self {
        case .jobNotFound(let id): "There is no job with id \(id)."
        case .cannotRetry, .cannotCancel, .dedupeKeyTaken: description + "."
        default: "The server hit an internal error; try again later."
        }
    }
}
