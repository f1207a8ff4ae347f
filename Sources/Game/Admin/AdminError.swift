/// Why an operator action was refused; cases carry the facts needed to act on them.
///
/// Thrown by the admin functions of `Game` inside a writer command (which then rolls back, audit row included) or
/// on a reader; the API maps each case to a status and a snake_case code.
public enum AdminError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The auction is no longer scheduled or in progress (settled, failed or cancelled already).
    case auctionNotActive(auctionID: Int64, status: String)
    /// Operators and the system market maker cannot be suspended.
    case cannotSuspend(playerID: Int64, reason: String)
    /// The player is already suspended.
    case alreadySuspended(playerID: Int64)
    /// The player is not suspended, so there is nothing to reinstate.
    case notSuspended(playerID: Int64)
    /// The treasury holds `available` of `asset`, the top-up needs `requested`.
    case treasuryShort(asset: String, available: Int64, requested: Int64)
    /// No market maker exists (the marketplace's maker is disabled on this node).
    case marketMakerMissing
    /// The top-up would take the maker's balance beyond what the ledger can hold.
    case quantityTooLarge(quantity: Int64)

    public var description: String {
        switch self {
        case .auctionNotActive(let auctionID, let status): "auction \(auctionID) is \(status), not open"
        case .cannotSuspend(let playerID, let reason): "player \(playerID) cannot be suspended: \(reason)"
        case .alreadySuspended(let playerID): "player \(playerID) is already suspended"
        case .notSuspended(let playerID): "player \(playerID) is not suspended"
        case .treasuryShort(let asset, let available, let requested):
            "the treasury holds \(available) \(asset), the top-up needs \(requested)"
        case .marketMakerMissing: "there is no market maker on this node"
        case .quantityTooLarge(let quantity): "a top-up of \(quantity) is too large"
        }
    }
}
