import Store

/// Every way a marketplace rule can refuse a request; cases carry the facts needed to act.
///
/// Thrown by the `Game` marketplace functions (on the writer thread for changes, an event loop for reads). The API maps
/// each case to a status and a snake_case code. A refused change leaves the database untouched: the functions run in
/// the writer command's savepoint, which rolls back when they throw.
public enum MarketError: Error, Equatable, CustomStringConvertible {
    /// Quantities are positive whole units no larger than `maximum`.
    case invalidQuantity(quantity: Int64, maximum: Int64)
    /// Prices are positive whole gold no larger than `maximum`.
    case invalidPrice(price: Int64, maximum: Int64)
    /// Not one of wheat, oil, ore.
    case unknownResource(name: String)
    /// A declining price must go from a start above the floor over 1 s ... `maximumSeconds`.
    case invalidSchedule(startPrice: Int64, floorPrice: Int64, durationSeconds: Int64, maximumSeconds: Int64)
    case orderNotFound(orderID: Int64)
    /// The order belongs to someone else.
    case notOrderOwner(orderID: Int64, playerID: Int64)
    /// The order is no longer open (filled, cancelled or expired).
    case orderNotOpen(orderID: Int64, status: OrderStatus)
    case listingNotFound(listingID: Int64)
    /// The listing belongs to someone else.
    case notListingOwner(listingID: Int64, playerID: Int64)
    /// The listing is no longer active (a second buyer racing the first sees `sold`).
    case listingNotActive(listingID: Int64, status: ListingStatus)
    /// A seller cannot buy their own listing.
    case ownListing(listingID: Int64)
    /// Only the owner may list a square.
    case squareNotOwned(squareID: Int64, playerID: Int64)
    /// The square is locked (already listed, in an auction, being merged).
    case squareLocked(squareID: Int64)
    /// The market maker has not been set up (`MarketMaker.prepare` never ran).
    case marketMakerMissing
    /// A ledger or database rule failed underneath (insufficient funds, a missing player, SQLite).
    case game(GameError)

    public var description: String {
        switch self {
        case .invalidQuantity(let quantity, let maximum): "quantity \(quantity) is not within 1...\(maximum)"
        case .invalidPrice(let price, let maximum): "price \(price) is not within 1...\(maximum)"
        case .unknownResource(let name): "'\(name)' is not a tradable resource (wheat, oil, ore)"
        case .invalidSchedule(let start, let floor, let seconds, let maximum):
            "declining price \(start) -> \(floor) over \(seconds) s is invalid (start > floor, 1...\(maximum) s)"
        case .orderNotFound(let id): "order \(id) does not exist"
        case .notOrderOwner(let id, let playerID): "order \(id) does not belong to player \(playerID)"
        case .orderNotOpen(let id, let status): "order \(id) is \(status.rawValue), not open"
        case .listingNotFound(let id): "listing \(id) does not exist"
        case .notListingOwner(let id, let playerID): "listing \(id) does not belong to player \(playerID)"
        case .listingNotActive(let id, let status): "listing \(id) is \(status.rawValue), not active"
        case .ownListing(let id): "listing \(id) is the buyer's own"
        case .squareNotOwned(let squareID, let playerID): "square \(squareID) is not owned by player \(playerID)"
        case .squareLocked(let squareID): "square \(squareID) is locked"
        case .marketMakerMissing: "the market maker is not set up"
        case .game(let error): error.description
        }
    }
}

/// Runs `body`, turning a `GameError` into `MarketError.game`.
@inline(__always)
func ledgerCall<T>(_ body: () throws(GameError) -> T) throws(MarketError) -> T {
    do {
        return try body()
    } catch {
        throw .game(error)
    }
}

/// Runs `body`, turning a `StoreError` into `MarketError.game(.store)`.
@inline(__always)
func marketSQL<T>(_ body: () throws(StoreError) -> T) throws(MarketError) -> T {
    do {
        return try body()
    } catch {
        throw .game(.store(error))
    }
}
