import Store

/// Where an order is in its life: resting on the book, or closed (fully filled, cancelled, expired).
public enum OrderStatus: String, Sendable, CaseIterable, Hashable {
    case open, filled, cancelled, expired
}

/// One row of `market_orders`: a limit order and how much of it is left.
///
/// A value read inside a writer command or a reader snapshot.
public struct MarketOrder: Sendable, Equatable {
    public var id: Int64
    public var playerID: Int64
    public var resource: MarketResource
    public var side: OrderSide
    /// Limit price, gold per unit.
    public var price: Int64
    public var quantity: Int64
    /// Unfilled quantity.
    public var remaining: Int64
    /// What the order still holds in escrow: remaining x price gold (buy) or remaining units (sell); 0 once closed.
    public var escrow: Int64
    public var isImmediateOrCancel: Bool
    public var status: OrderStatus
    /// Unix milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var expiresAt: Int64

    /// The asset this order escrows: gold for a buy, the resource for a sell.
    public var escrowAsset: Asset { side == .buy ? .gold : resource.asset }

    /// The escrow `remaining` units need: remaining x price for a buy, remaining for a sell.
    public static func escrow(side: OrderSide, price: Int64, remaining: Int64) -> Int64 {
        side == .buy ? price * remaining : remaining
    }

    static let columns = """
        id, player_id, resource, side, price, quantity, remaining, escrow, is_immediate_or_cancel, status, \
        created_at, updated_at, expires_at
        """

    /// An order from its values (an order just inserted, which needs no read back).
    init(id: Int64, playerID: Int64, resource: MarketResource, side: OrderSide, price: Int64, quantity: Int64,
         remaining: Int64, escrow: Int64, isImmediateOrCancel: Bool, status: OrderStatus, createdAt: Int64,
         updatedAt: Int64, expiresAt: Int64) {
        self.id = id
        self.playerID = playerID
        self.resource = resource
        self.side = side
        self.price = price
        self.quantity = quantity
        self.remaining = remaining
        self.escrow = escrow
        self.isImmediateOrCancel = isImmediateOrCancel
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }

    init(row: Row) throws(MarketError) {
        let id = try marketSQL { () throws(StoreError) in try row.int64("id") }
        let resourceText = try marketSQL { () throws(StoreError) in try row.string("resource") }
        let sideText = try marketSQL { () throws(StoreError) in try row.string("side") }
        let statusText = try marketSQL { () throws(StoreError) in try row.string("status") }
        guard let resource = MarketResource(rawValue: resourceText), let side = OrderSide(rawValue: sideText),
              let status = OrderStatus(rawValue: statusText)
        else {
            throw .game(.corruptRow(table: "market_orders", id: id, detail: "\(resourceText)/\(sideText)/\(statusText)"))
        }
        self.id = id
        self.resource = resource
        self.side = side
        self.status = status
        do throws(StoreError) {
            playerID = try row.int64("player_id")
            price = try row.int64("price")
            quantity = try row.int64("quantity")
            remaining = try row.int64("remaining")
            escrow = try row.int64("escrow")
            isImmediateOrCancel = try row.bool("is_immediate_or_cancel")
            createdAt = try row.int64("created_at")
            updatedAt = try row.int64("updated_at")
            expiresAt = try row.int64("expires_at")
        } catch {
            throw .game(.store(error))
        }
    }
}

/// What a player asks for when placing an order.
public struct OrderRequest: Sendable, Equatable {
    public var playerID: Int64
    public var resource: MarketResource
    public var side: OrderSide
    public var price: Int64
    public var quantity: Int64
    /// Fill what crosses now and cancel the rest instead of resting it on the book.
    public var isImmediateOrCancel: Bool

    public init(playerID: Int64, resource: MarketResource, side: OrderSide, price: Int64, quantity: Int64,
                isImmediateOrCancel: Bool = false) {
        self.playerID = playerID
        self.resource = resource
        self.side = side
        self.price = price
        self.quantity = quantity
        self.isImmediateOrCancel = isImmediateOrCancel
    }
}
