import Store

/// Every way a rule of the game or a lookup in the game's tables can fail; cases carry the facts needed to act.
///
/// Thrown by the `Game` functions on whichever thread runs them (the writer thread for changes, an event loop for reads).
/// The API maps each case to a status and a snake_case code; nothing here knows about HTTP.
public enum GameError: Error, Equatable, CustomStringConvertible {
    /// A transfer would take `account` of `asset` below zero: it holds `available`, the transfer needs `requested`.
    case insufficientFunds(accountID: Int64, asset: Asset, available: Int64, requested: Int64)
    /// Amounts are positive whole units.
    case invalidAmount(amount: Int64)
    /// The transfer's accounts hold different assets, or not the transfer's asset.
    case assetMismatch(accountID: Int64, accountAsset: Asset, transferAsset: Asset)
    /// A transfer from an account to itself.
    case sameAccount(accountID: Int64)
    /// A balance would leave the Int64 range.
    case balanceOverflow(accountID: Int64)
    case accountNotFound(accountID: Int64)
    case systemAccountMissing(kind: AccountKind, asset: Asset)
    case usernameInvalid(username: String, reason: UsernameRule)
    case usernameTaken(username: String)
    case playerNotFound(playerID: Int64)
    case squareNotFound(squareID: Int64)
    case regionExists(regionX: Int64, regionY: Int64)
    /// A stored value the game cannot read back (a corrupt or hand-edited row).
    case corruptRow(table: String, id: Int64, detail: String)
    /// The database failed underneath the rule.
    case store(StoreError)

    public var description: String {
        switch self {
        case .insufficientFunds(let accountID, let asset, let available, let requested):
            "insufficient \(asset.rawValue) in account \(accountID): holds \(available), needs \(requested)"
        case .invalidAmount(let amount): "amount \(amount) is not a positive whole number"
        case .assetMismatch(let accountID, let accountAsset, let transferAsset):
            "account \(accountID) holds \(accountAsset.rawValue), not \(transferAsset.rawValue)"
        case .sameAccount(let accountID): "transfer from account \(accountID) to itself"
        case .balanceOverflow(let accountID): "balance of account \(accountID) would overflow"
        case .accountNotFound(let accountID): "account \(accountID) does not exist"
        case .systemAccountMissing(let kind, let asset): "system account \(kind.rawValue)/\(asset.rawValue) is missing"
        case .usernameInvalid(let username, let reason): "username '\(username)' is invalid: \(reason.explanation)"
        case .usernameTaken(let username): "username '\(username)' is taken"
        case .playerNotFound(let playerID): "player \(playerID) does not exist"
        case .squareNotFound(let squareID): "land square \(squareID) does not exist"
        case .regionExists(let regionX, let regionY): "region (\(regionX), \(regionY)) already exists"
        case .corruptRow(let table, let id, let detail): "row \(id) of \(table) is unreadable: \(detail)"
        case .store(let error): error.description
        }
    }
}

/// Runs `body`, turning a `StoreError` into `GameError.store`, so game functions keep one typed error.
@inline(__always)
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(GameError) -> T {
    do {
        return try body()
    } catch {
        throw .store(error)
    }
}
