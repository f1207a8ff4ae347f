import Game
import HTTP

/// Input of the resource routes rejected before any rule runs (beyond `APIRequestError`'s generic cases).
public enum ResourceRequestError: Error, Equatable, Sendable {
    /// `kind` is not one of `UpgradeKind`'s raw values.
    case unknownUpgradeKind(kind: String)
}

extension ResourceRequestError: APIErrorRepresentable {
    public var status: HTTPStatus { .badRequest }
    public var code: String { "invalid_upgrade_kind" }
    public var message: String {
        switch self {
        case .unknownUpgradeKind(let kind):
            "'\(kind)' is not an upgrade; use one of \(UpgradeKind.allCases.map(\.rawValue).joined(separator: ", "))."
        }
    }
}

extension ResourceRuleError: APIErrorRepresentable {
    public var status: HTTPStatus {
        if case .duplicateSquare = self { return .badRequest }
        return .unprocessableContent
    }

    public var code: String {
        switch self {
        case .notAdjacent: "not_adjacent"
        case .notOwner: "not_owner"
        case .squareLocked: "square_locked"
        case .alreadyMerged: "already_merged"
        case .mergeSize: "invalid_merge_size"
        case .duplicateSquare: "duplicate_square"
        case .upgradeNotApplicable: "upgrade_not_applicable"
        case .upgradeAtMaximum: "max_level"
        }
    }

    public var message: String {
        switch self {
        case .notAdjacent: "The squares must form one group joined by their edges (not corners)."
        case .notOwner(let squareID, _): "You do not own square \(squareID)."
        case .squareLocked(let squareID, let holder):
            holder == "region" ? "Square \(squareID) is in a region that is not open yet."
                : "Square \(squareID) is held by a pending sale (\(holder)); wait until it ends."
        case .alreadyMerged(let squareID, let mergeID): "Square \(squareID) already belongs to merged plot \(mergeID)."
        case .mergeSize(let count, let minimum, let maximum): "Merge \(minimum) to \(maximum) squares, not \(count)."
        case .duplicateSquare(let squareID): "Square \(squareID) is listed twice; list each square once."
        case .upgradeNotApplicable(let kind, let resourceKind):
            "The \(kind.rawValue) upgrade needs a \(kind.resourceKind) square, not \(resourceKind ?? "an empty one")."
        case .upgradeAtMaximum(let kind, let level, let maximum):
            "The \(kind.rawValue) upgrade is at \(level); the maximum is \(maximum)."
        }
    }
}
