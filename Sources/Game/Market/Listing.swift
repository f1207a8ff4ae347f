import Store

/// Where a land listing is in its life.
public enum ListingStatus: String, Sendable, CaseIterable, Hashable {
    case active, sold, cancelled, expired
}

/// One row of `market_listings`: a square offered for gold at a fixed or a declining price.
///
/// A value read inside a writer command or a reader snapshot.
public struct Listing: Sendable, Equatable {
    public var id: Int64
    public var squareID: Int64
    public var sellerID: Int64
    /// Fixed: `startPrice == floorPrice` and `declineMilliseconds == 0`.
    public var startPrice: Int64
    public var floorPrice: Int64
    public var declineMilliseconds: Int64
    public var status: ListingStatus
    /// Unix milliseconds.
    public var createdAt: Int64
    public var expiresAt: Int64
    public var closedAt: Int64?
    public var buyerID: Int64?
    public var soldPrice: Int64?
    public var fee: Int64?

    public var isDeclining: Bool { declineMilliseconds > 0 }

    /// The asking price at `now` (Unix milliseconds), in whole gold.
    ///
    /// Fixed listings ask `startPrice`. Declining listings fall linearly from `startPrice` at creation to `floorPrice`
    /// after `declineMilliseconds`, then stay at the floor:
    /// `price(t) = start - floor((start - floor) * min(max(t - createdAt, 0), decline) / decline)`.
    /// Integer arithmetic (128-bit intermediate), so the price never goes below the floor, never increases, and
    /// rounds up (in the seller's favour) by less than one gold.
    public func price(at now: Int64) -> Int64 {
        guard isDeclining else { return startPrice }
        let elapsed = min(max(now - createdAt, 0), declineMilliseconds)
        let span = startPrice - floorPrice
        let product = span.multipliedFullWidth(by: elapsed)
        let (drop, _) = declineMilliseconds.dividingFullWidth(product)
        return startPrice - drop
    }

    static let columns = """
        id, square_id, seller_id, start_price, floor_price, decline_ms, status, created_at, expires_at, closed_at, \
        buyer_id, sold_price, fee
        """

    init(row: Row) throws(MarketError) {
        let id = try marketSQL { () throws(StoreError) in try row.int64("id") }
        let statusText = try marketSQL { () throws(StoreError) in try row.string("status") }
        guard let status = ListingStatus(rawValue: statusText) else {
            throw .game(.corruptRow(table: "market_listings", id: id, detail: "status \(statusText)"))
        }
        self.id = id
        self.status = status
        do throws(StoreError) {
            squareID = try row.int64("square_id")
            sellerID = try row.int64("seller_id")
            startPrice = try row.int64("start_price")
            floorPrice = try row.int64("floor_price")
            declineMilliseconds = try row.int64("decline_ms")
            createdAt = try row.int64("created_at")
            expiresAt = try row.int64("expires_at")
            closedAt = try row.optionalInt64("closed_at")
            buyerID = try row.optionalInt64("buyer_id")
            soldPrice = try row.optionalInt64("sold_price")
            fee = try row.optionalInt64("fee")
        } catch {
            throw .game(.store(error))
        }
    }
}

/// How a listing is priced, as the seller asks for it.
public enum ListingPricing: Sendable, Equatable {
    case fixed(price: Int64)
    /// From `startPrice` down to `floorPrice` over `durationSeconds`, then at the floor.
    case declining(startPrice: Int64, floorPrice: Int64, durationSeconds: Int64)
}

/// The outcome of a listing change: the listing after it, and the events to publish after commit.
public struct ListingChange: Sendable, Equatable {
    public var listing: Listing
    public var events: [DomainEvent]
}
