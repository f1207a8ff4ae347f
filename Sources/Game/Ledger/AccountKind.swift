/// The role of a ledger account: a player's spendable or escrowed holding, or one of the system's accounts.
///
/// `mint` is where new gold and resources come from (its balance is minus everything ever issued), `fees` collects
/// charges, `treasury` holds what the game itself owns. Only the mint may go negative.
public enum AccountKind: String, Sendable, CaseIterable, Hashable {
    case available, escrow, mint, fees, treasury

    /// Whether accounts of this kind belong to a player (as opposed to the system).
    public var isPlayerKind: Bool { self == .available || self == .escrow }

    /// The system kinds, one account per asset each.
    public static let systemKinds: [AccountKind] = [.mint, .fees, .treasury]
}
