import Game

/// Why `MarketService` did not make a change: a marketplace rule, or the writer.
///
/// A plain value handed to the caller's completion, which maps it as the REST routes do (`MarketError`'s codes, the
/// writer's `server_busy`, ...).
public enum MarketServiceError: Error, CustomStringConvertible {
    /// A marketplace rule refused the change (not found, not yours, not active, ...).
    case rule(MarketError)
    /// The writer refused or failed the command (queue full, not primary, ledger refusal, database error): the
    /// underlying error, which the caller maps as it maps any writer error.
    case writeFailed(any Error)

    /// Classifies an error thrown inside, or returned by, the service's writer command.
    public init(_ error: any Error) {
        if let rule = error as? MarketError {
            self = .rule(rule)
        } else {
            self = .writeFailed(error)
        }
    }

    /// The error itself: the rule's or the writer's.
    public var underlying: any Error {
        switch self {
        case .rule(let error): error
        case .writeFailed(let error): error
        }
    }

    public var description: String { String(describing: underlying) }
}
