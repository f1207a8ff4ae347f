import Store

/// The state of one bid: `standing` bids hold escrow; every other state is final and holds none.
public enum AuctionBidStatus: String, Sendable, CaseIterable, Equatable {
    case standing, replaced, outbid, won, lost, released
}

/// One row of `auction_bids`: who bid how much when, and whether it still stands.
///
/// Secrecy: a blind auction's amounts must not leave the server before settlement except to their own bidder; the
/// description below never prints the amount, so a bid in a log line or an error reveals nothing.
public struct AuctionBid: Sendable, Equatable, CustomStringConvertible {
    public var id: Int64
    public var auctionID: Int64
    public var playerID: Int64
    /// Whole gold units.
    public var amount: Int64
    /// Unix milliseconds; ties between equal amounts go to the earliest.
    public var placedAt: Int64
    public var status: AuctionBidStatus

    public var description: String { "bid \(id) on auction \(auctionID) by player \(playerID) (\(status.rawValue))" }
}

// In an extension, so that Swift still gives the struct its memberwise initializer.
extension AuctionBid {
    static let columns = "id, auction_id, player_id, amount, placed_at, status"

    init(row: Row) throws(GameError) {
        let statusText: String
        do throws(StoreError) {
            id = try row.int64("id")
            auctionID = try row.int64("auction_id")
            playerID = try row.int64("player_id")
            amount = try row.int64("amount")
            placedAt = try row.int64("placed_at")
            statusText = try row.string("status")
        } catch {
            throw .store(error)
        }
        status = try AuctionBidStatus(stored: statusText, column: "status", table: "auction_bids", id: id)
    }

    /// Highest amount first, then the earliest, then the lowest id: the order every provider ranks bids in.
    public static func ranked(_ bids: [AuctionBid]) -> [AuctionBid] {
        bids.sorted { left, right in
            if left.amount != right.amount { return left.amount > right.amount }
            if left.placedAt != right.placedAt { return left.placedAt < right.placedAt }
            return left.id < right.id
        }
    }
}
