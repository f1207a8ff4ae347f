/// Every way an auction rule refuses: the facts needed to act, and never another player's amount.
///
/// Thrown by `Auctions` on the writer thread (changes) or an event loop (reads). The API maps each case to a status
/// and a snake_case code. Secrecy: no case carries another player's amount; `bidTooLow` carries only a public
/// minimum (an open auction's high plus increment, or the floor of 1 for sealed auctions).
public enum AuctionError: Error, Equatable, CustomStringConvertible {
    case auctionNotFound(auctionID: Int64)
    /// Bids are refused: the auction is not in progress (not started, settled, failed or cancelled).
    case notOpen(auctionID: Int64, status: AuctionStatus)
    /// The bidding window closed at `endTime` (settlement may not have run yet).
    case ended(auctionID: Int64, endTime: Int64)
    /// The bidder lacks the available gold the bid needs on top of what they already escrow on this auction.
    case insufficientFunds(auctionID: Int64)
    /// The bid is below the provider's minimum (`minimumAmount`: public for open auctions, the reserve otherwise).
    case bidTooLow(auctionID: Int64, minimumAmount: Int64)
    /// The bidder owns (some of) the land for sale.
    case ownLand(auctionID: Int64)
    case unknownAuctionType(auctionType: String)
    /// A new auction's squares are unusable: missing, locked, already in an active auction, or of different owners.
    case squaresUnavailable(squareID: Int64, reason: String)
    /// An owner's auction names a square `playerID` does not own.
    case notSquareOwner(squareID: Int64, playerID: Int64)
    /// A new auction's timing or prices are invalid.
    case invalidAuction(reason: String)
    /// At settlement the squares no longer belong to the seller recorded at creation.
    case ownershipChanged(auctionID: Int64, squareID: Int64)

    public var description: String {
        switch self {
        case .auctionNotFound(let id): "auction \(id) does not exist"
        case .notOpen(let id, let status): "auction \(id) is \(status.rawValue), not taking bids"
        case .ended(let id, let endTime): "auction \(id) stopped taking bids at \(endTime)"
        case .insufficientFunds(let id): "not enough available gold for the bid on auction \(id)"
        case .bidTooLow(let id, let minimum): "bid on auction \(id) is below the minimum \(minimum)"
        case .ownLand(let id): "auction \(id) sells the bidder's own land"
        case .unknownAuctionType(let type): "no auction provider is registered for '\(type)'"
        case .squaresUnavailable(let squareID, let reason): "square \(squareID) cannot be auctioned: \(reason)"
        case .notSquareOwner(let squareID, let playerID): "player \(playerID) does not own square \(squareID)"
        case .invalidAuction(let reason): "invalid auction: \(reason)"
        case .ownershipChanged(let id, let squareID): "square \(squareID) of auction \(id) changed owner"
        }
    }
}
