/// What one player holds of every asset, spendable and escrowed (reserved by open bids and orders).
///
/// A value read from the ledger's cached balances.
public struct PlayerHoldings: Sendable, Equatable {
    public var available: [Asset: Int64]
    public var escrow: [Asset: Int64]

    public init(available: [Asset: Int64] = [:], escrow: [Asset: Int64] = [:]) {
        var filledAvailable: [Asset: Int64] = [:]
        var filledEscrow: [Asset: Int64] = [:]
        for asset in Asset.allCases {
            filledAvailable[asset] = available[asset] ?? 0
            filledEscrow[asset] = escrow[asset] ?? 0
        }
        self.available = filledAvailable
        self.escrow = filledEscrow
    }
}
