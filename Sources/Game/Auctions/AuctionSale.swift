/// What a settled sale paid: the winning bid, the price the winner pays, and the fee taken from it.
///
/// A value built by `Auctions.settle` inside its writer command, used to tell the winner and the seller.
struct AuctionSale: Sendable, Equatable {
    var winningBid: AuctionBid
    var price: Int64
    var fee: Int64
}
