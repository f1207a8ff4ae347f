import Store

/// Why a transfer happened; stored with every ledger row. Later features add their own reasons.
///
/// A string-backed value rather than an enum so each feature declares its reasons next to its code.
public struct TransferReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The gold and resources every new player receives.
    public static let startingGrant = TransferReason(rawValue: "starting_grant")
    /// An operator's manual adjustment.
    public static let adjustment = TransferReason(rawValue: "adjustment")

    public var description: String { rawValue }
}

/// A transfer to make: `amount` of `asset` from one account to another, with a reason and what it is for.
public struct TransferRequest: Sendable, Equatable {
    public var asset: Asset
    public var fromAccountID: Int64
    public var toAccountID: Int64
    public var amount: Int64
    public var reason: TransferReason
    /// What the transfer belongs to (an auction id, a trade id, a player id...), for audits.
    public var reference: String?

    public init(asset: Asset, fromAccountID: Int64, toAccountID: Int64, amount: Int64, reason: TransferReason,
                reference: String? = nil) {
        self.asset = asset
        self.fromAccountID = fromAccountID
        self.toAccountID = toAccountID
        self.amount = amount
        self.reason = reason
        self.reference = reference
    }
}

/// One recorded row of the `transfers` table.
public struct Transfer: Sendable, Equatable {
    public var id: Int64
    public var request: TransferRequest
    /// Unix milliseconds.
    public var createdAt: Int64
}
