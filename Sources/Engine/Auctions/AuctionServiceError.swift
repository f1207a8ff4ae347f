import Game

/// Why `AuctionService` did not make a change: its own input check, an auction rule, or the writer.
///
/// A plain value handed to the caller's completion; the REST routes and the WebSocket `bid` command map it to the
/// same status, code and message. No case carries a bid amount.
public enum AuctionServiceError: Error, CustomStringConvertible {
    /// An amount outside the accepted range (`AuctionService.bidAmounts` for a bid); nothing was submitted.
    case amountOutOfRange(field: String, allowed: ClosedRange<Int64>)
    /// An auction rule refused the change (not found, not open, too low, own land, ...).
    case rule(AuctionError)
    /// The writer refused or failed the command (queue full, not primary, ledger refusal, database error): the
    /// underlying error, which the caller maps as it maps any writer error.
    case writeFailed(any Error)

    /// Classifies an error thrown inside, or returned by, the service's writer command.
    public init(_ error: any Error) {
        if let rule = error as? AuctionError {
            self = .rule(rule)
        } else {
            self = .writeFailed(error)
        }
    }

    public var description: String {
        switch self {
        case .amountOutOfRange(let field, let allowed): "\(field) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .rule(let error): error.description
        case .writeFailed(let error): "write failed: \(error)"
        }
    }
}
