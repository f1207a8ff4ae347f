import Game
import HTTP

extension MarketError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .invalidQuantity, .invalidPrice, .unknownResource, .invalidSchedule: .badRequest
        case .orderNotFound, .listingNotFound: .notFound
        case .notOrderOwner, .notListingOwner, .squareNotOwned: .forbidden
        case .orderNotOpen, .listingNotActive, .squareLocked: .conflict
        case .ownListing: .unprocessableContent
        case .marketMakerMissing: .internalServerError
        case .game(let error): error.status
        }
    }

    public var code: String {
        switch self {
        case .invalidQuantity: "invalid_quantity"
        case .invalidPrice: "invalid_price"
        case .unknownResource: "unknown_resource"
        case .invalidSchedule: "invalid_schedule"
        case .orderNotFound: "order_not_found"
        case .listingNotFound: "listing_not_found"
        case .notOrderOwner: "not_your_order"
        case .notListingOwner: "not_your_listing"
        case .squareNotOwned: "not_your_square"
        case .orderNotOpen: "order_not_open"
        case .listingNotActive: "listing_not_active"
        case .squareLocked: "square_locked"
        case .ownListing: "own_listing"
        case .marketMakerMissing: "internal_error"
        case .game(let error): error.code
        }
    }

    public var message: String {
        switch self {
        case .invalidQuantity(_, let maximum): "Quantities are whole units from 1 to \(maximum)."
        case .invalidPrice(_, let maximum): "Prices are whole gold from 1 to \(maximum)."
        case .unknownResource(let name): "'\(name)' is not traded here; use wheat, oil or ore."
        case .invalidSchedule(_, _, _, let maximum):
            "A declining price needs startPrice above floorPrice and durationSeconds from 1 to \(maximum)."
        case .orderNotFound(let id): "There is no order with id \(id)."
        case .listingNotFound(let id): "There is no listing with id \(id)."
        case .notOrderOwner: "This order belongs to another player."
        case .notListingOwner: "This listing belongs to another player."
        case .squareNotOwned(let id, _): "You do not own square \(id)."
        case .orderNotOpen(_, let status): "The order is already \(status.rawValue)."
        case .listingNotActive(_, let status): "The listing is already \(status.rawValue)."
        case .squareLocked(let id): "Square \(id) is locked (listed, in an auction or being merged)."
        case .ownListing: "You cannot buy your own listing; cancel it instead."
        case .marketMakerMissing: "The server hit an internal error; try again later."
        case .game(let error): error.message
        }
    }
}
