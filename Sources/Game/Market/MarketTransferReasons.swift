/// The ledger reasons of the marketplace's transfers; each transfer's reference names what it belongs to
/// (`order:{id}` on every escrow leg of an order, `trade:{id}` on the market maker's own legs, `listing:{id}`).
extension TransferReason {
    /// Gold or a resource moved into escrow when an order is placed.
    public static let marketEscrow = TransferReason(rawValue: "market_escrow")
    /// Escrow given back: cancel, expiry, immediate-or-cancel rest, or a better price than the limit.
    public static let marketRelease = TransferReason(rawValue: "market_release")
    /// Goods or gold delivered in an order-book trade.
    public static let marketTrade = TransferReason(rawValue: "market_trade")
    /// The seller's fee on a trade or a land sale.
    public static let marketFee = TransferReason(rawValue: "market_fee")
    /// Gold paid for a listed square.
    public static let listingSale = TransferReason(rawValue: "listing_sale")
}
