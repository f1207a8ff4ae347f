/// A rule of merges, upgrades or square locks that a request broke; each case names the rule and its facts.
///
/// Thrown on the writer thread by `Merges`, `Upgrades` and `SquareLocks`, before anything is written (the writer's
/// savepoint covers the rest). The API answers 422 with the snake_case code of the case (400 for bad input sizes).
public enum ResourceRuleError: Error, Equatable, CustomStringConvertible {
    /// The squares of a merge are not one orthogonally connected group.
    case notAdjacent(squareIDs: [Int64])
    /// The caller does not own the square.
    case notOwner(squareID: Int64, ownerID: Int64?)
    /// The square is in a locked region (`holder` "region") or held by a pending sale ("auction:7", "listing:3").
    case squareLocked(squareID: Int64, holder: String)
    /// The square already belongs to merged plot `mergeID`.
    case alreadyMerged(squareID: Int64, mergeID: Int64)
    /// A merge needs between `minimum` and `maximum` distinct squares.
    case mergeSize(count: Int, minimum: Int, maximum: Int)
    /// The same square id appears twice.
    case duplicateSquare(squareID: Int64)
    /// The upgrade does not fit the square's resource (`resourceKind` nil: no resource).
    case upgradeNotApplicable(kind: UpgradeKind, resourceKind: String?)
    /// The square's resource is already at the upgrade's maximum.
    case upgradeAtMaximum(kind: UpgradeKind, level: Int64, maximum: Int64)

    public var description: String {
        switch self {
        case .notAdjacent(let ids): "squares \(ids) are not orthogonally contiguous"
        case .notOwner(let squareID, let ownerID): "square \(squareID) is owned by \(ownerID.map(String.init) ?? "nobody")"
        case .squareLocked(let squareID, let holder): "square \(squareID) is locked by \(holder)"
        case .alreadyMerged(let squareID, let mergeID): "square \(squareID) already belongs to merge \(mergeID)"
        case .mergeSize(let count, let minimum, let maximum): "a merge needs \(minimum) to \(maximum) squares, not \(count)"
        case .duplicateSquare(let squareID): "square \(squareID) appears twice"
        case .upgradeNotApplicable(let kind, let resourceKind):
            "upgrade \(kind.rawValue) does not apply to \(resourceKind ?? "a square without resource")"
        case .upgradeAtMaximum(let kind, let level, let maximum): "\(kind.rawValue) is at \(level), the maximum is \(maximum)"
        }
    }
}
