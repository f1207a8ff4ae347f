import Engine

extension AuctionServiceError {
    /// The error the API answers with, the same for a REST route and a socket command: an amount out of range is the
    /// body check's `out_of_range` (`APIRequestError.integerOutOfRange`, same wording); a rule's or the writer's error
    /// is answered by its own mapping (`AuctionError`, `StoreError`, ...; anything else a logged 500).
    public var apiError: any Error {
        switch self {
        case .amountOutOfRange(let field, let allowed):
            APIRequestError.integerOutOfRange(field: field, minimum: allowed.lowerBound, maximum: allowed.upperBound)
        case .rule(let error): error
        case .writeFailed(let error): error
        }
    }
}
