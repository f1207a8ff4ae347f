/// Who started an auction: the game (the daily check or an operator, on unowned land only) or the squares' owner.
///
/// A plain value stored in `auctions.origin` (migration 0014). It decides who is paid and which fee applies: a
/// `system` auction pays the treasury minus the auction fee; an `owner` auction pays its seller the price minus the
/// marketplace fee (`MarketConfiguration.fee(on:)`, the rule listings use), and an unsold one leaves the land with
/// its owner. A `system` auction with a seller can only predate migration 0014 (the scheduler then re-auctioned owned
/// land); its settlement cancels it and releases every bid, so owned land is never sold without its owner asking.
public enum AuctionOrigin: String, Sendable, Equatable, CaseIterable {
    case system
    case owner
}
