import Store

/// One row of `market_trades`: `quantity` units changed hands at the resting order's `price`.
///
/// A value read inside a writer command or a reader snapshot. A nil order id is the market maker's standing quote.
public struct MarketTrade: Sendable, Equatable {
    public var id: Int64
    public var resource: MarketResource
    public var price: Int64
    public var quantity: Int64
    /// Gold the seller paid to the fee account out of price x quantity.
    public var fee: Int64
    public var buyerID: Int64
    public var sellerID: Int64
    public var buyOrderID: Int64?
    public var sellOrderID: Int64?
    /// The side of the incoming (aggressing) order.
    public var takerSide: OrderSide
    /// Unix milliseconds.
    public var createdAt: Int64

    static let columns = """
        id, resource, price, quantity, fee, buyer_id, seller_id, buy_order_id, sell_order_id, taker_side, created_at
        """

    init(row: Row) throws(MarketError) {
        let id = try marketSQL { () throws(StoreError) in try row.int64("id") }
        let resourceText = try marketSQL { () throws(StoreError) in try row.string("resource") }
        let sideText = try marketSQL { () throws(StoreError) in try row.string("taker_side") }
        guard let resource = MarketResource(rawValue: resourceText), let side = OrderSide(rawValue: sideText) else {
            throw .game(.corruptRow(table: "market_trades", id: id, detail: "\(resourceText)/\(sideText)"))
        }
        self.id = id
        self.resource = resource
        takerSide = side
        do throws(StoreError) {
            price = try row.int64("price")
            quantity = try row.int64("quantity")
            fee = try row.int64("fee")
            buyerID = try row.int64("buyer_id")
            sellerID = try row.int64("seller_id")
            buyOrderID = try row.optionalInt64("buy_order_id")
            sellOrderID = try row.optionalInt64("sell_order_id")
            createdAt = try row.int64("created_at")
        } catch {
            throw .game(.store(error))
        }
    }

    init(id: Int64, resource: MarketResource, price: Int64, quantity: Int64, fee: Int64, buyerID: Int64,
         sellerID: Int64, buyOrderID: Int64?, sellOrderID: Int64?, takerSide: OrderSide, createdAt: Int64) {
        self.id = id
        self.resource = resource
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.buyerID = buyerID
        self.sellerID = sellerID
        self.buyOrderID = buyOrderID
        self.sellOrderID = sellOrderID
        self.takerSide = takerSide
        self.createdAt = createdAt
    }
}
