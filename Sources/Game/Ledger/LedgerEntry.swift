/// One leg of a ledger transfer seen from the player whose account it touched: how that account's balance changed.
///
/// Built by `Ledger.entries` from a reader snapshot for the player's own history (`GET /api/me/ledger`). A transfer
/// between two of the player's own accounts (a bid moving gold from available to escrow) gives two entries with the
/// same `transferID`, one per account. Another player on the other side is only named as `.player`: never their id,
/// account or order.
public struct LedgerEntry: Sendable, Equatable {
    /// Who is on the other side of the transfer, from the player's point of view.
    public enum Counterparty: String, Sendable, Equatable {
        /// The game itself: the mint, fees, treasury, or the system market maker.
        case system
        /// Another player.
        case player
        /// Another account of the same player (available and escrow).
        case own = "self"
    }

    /// The `transfers` row id (newest transfers have the largest ids); the cursor for paging.
    public var transferID: Int64
    public var asset: Asset
    /// Signed: positive when the account received `asset`, negative when it paid.
    public var amount: Int64
    /// The player's account the entry moved: `.available` or `.escrow`.
    public var account: AccountKind
    public var reason: TransferReason
    /// What the transfer belongs to (`auction:7`, `order:12`, `listing:3`...); nil when there is none or when it
    /// names another player's order.
    public var reference: String?
    public var counterparty: Counterparty
    /// Unix milliseconds.
    public var createdAt: Int64

    public init(transferID: Int64, asset: Asset, amount: Int64, account: AccountKind, reason: TransferReason,
                reference: String?, counterparty: Counterparty, createdAt: Int64) {
        self.transferID = transferID
        self.asset = asset
        self.amount = amount
        self.account = account
        self.reason = reason
        self.reference = reference
        self.counterparty = counterparty
        self.createdAt = createdAt
    }
}

/// One page of a player's ledger entries, newest first, and where the next (older) page starts.
///
/// A value read from one reader snapshot.
public struct LedgerEntryPage: Sendable, Equatable {
    public var entries: [LedgerEntry]
    /// Pass as `before` to get the next older page; nil when this page reaches the oldest entry.
    public var nextBefore: Int64?

    public init(entries: [LedgerEntry], nextBefore: Int64?) {
        self.entries = entries
        self.nextBefore = nextBefore
    }
}
