import Store

/// One entry of the auctions list: an auction with its squares and every bid on it (any status), oldest first.
public struct AuctionListEntry: Sendable, Equatable {
    public var auction: Auction
    public var bids: [AuctionBid]
}

extension Auctions {
    /// Which auctions a list shows: `open` (scheduled or in progress, soonest end first), `closed` (every other
    /// status, newest first) or all of them (newest first).
    enum ListFilter {
        case open, closed, all

        init(open: Bool?) {
            self = switch open {
            case true?: .open
            case false?: .closed
            case nil: .all
            }
        }
    }

    /// The statements of one page of the list, two whatever the page's length: the page with each auction's squares
    /// (a correlated `group_concat` over `auction_squares`' primary key), then the page's bids. Constant text per
    /// filter, so each is prepared once per connection. `ReadPathPlanTests` pins both plans: the open list merges the
    /// two statuses' runs of `auctions_status_end` (each already in `end_time, id` order) instead of sorting them in a
    /// temporary B-tree; the newest-first lists walk the table backwards by id and stop at the `LIMIT`.
    enum ListSQL {
        static let squareIDs = "(SELECT group_concat(square_id) FROM auction_squares q WHERE q.auction_id = a.id) AS square_ids"

        static func page(_ filter: ListFilter) -> String {
            switch filter {
            case .open: openPage
            case .closed: closedPage
            case .all: allPage
            }
        }

        static func bids(_ filter: ListFilter) -> String {
            switch filter {
            case .open: openBids
            case .closed: closedBids
            case .all: allBids
            }
        }

        static let openPage = """
            SELECT \(Auction.columns), \(squareIDs) FROM auctions a WHERE status = 'scheduled'
            UNION ALL
            SELECT \(Auction.columns), \(squareIDs) FROM auctions a WHERE status = 'in-progress'
            ORDER BY end_time, id LIMIT ?1
            """
        static let closedPage = """
            SELECT \(Auction.columns), \(squareIDs) FROM auctions a WHERE status NOT IN ('scheduled', 'in-progress')
            ORDER BY id DESC LIMIT ?1
            """
        static let allPage = "SELECT \(Auction.columns), \(squareIDs) FROM auctions a ORDER BY id DESC LIMIT ?1"

        /// The bids of the page's auctions, in the order of the `auction_bids_auction` index (sorted by id in Swift:
        /// an index in id order would cost every bid, the hottest write, one more B-tree insert).
        static func bidsOfPage(_ pageIDs: String) -> String {
            "SELECT \(AuctionBid.columns) FROM auction_bids WHERE auction_id IN (\(pageIDs))"
        }

        static let openBids = bidsOfPage("""
            SELECT id FROM (SELECT id, end_time FROM auctions WHERE status = 'scheduled'
                            UNION ALL
                            SELECT id, end_time FROM auctions WHERE status = 'in-progress'
                            ORDER BY end_time, id LIMIT ?1)
            """)
        static let closedBids = bidsOfPage(
            "SELECT id FROM auctions WHERE status NOT IN ('scheduled', 'in-progress') ORDER BY id DESC LIMIT ?1")
        static let allBids = bidsOfPage("SELECT id FROM auctions ORDER BY id DESC LIMIT ?1")
    }

    /// Auctions by `status` group: `open` (scheduled or in progress, soonest end first) or `closed` (newest first);
    /// nil lists all, newest first. At most `limit`. One statement, whatever the number of auctions.
    public static func list(open: Bool?, limit: Int, in database: any SQLExecutor) throws(GameError) -> [Auction] {
        let rows = try storeCall { () throws(StoreError) in
            try database.query(ListSQL.page(ListFilter(open: open)), [Int64(max(0, limit))])
        }
        var auctions: [Auction] = []
        auctions.reserveCapacity(rows.count)
        for row in rows {
            let squares = try storeCall { () throws(StoreError) in try row.optionalString("square_ids") }
            auctions.append(try Auction(row: row, landSquares: parseSquareIDs(squares)))
        }
        return auctions
    }

    /// `list` with every listed auction's bids (any status, oldest first): what `GET /api/auctions` shows, in two
    /// statements whatever the page's length. Call it inside one read transaction (a `Reader.read`), so both
    /// statements see the same auctions.
    public static func listWithBids(open: Bool?, limit: Int,
                                    in database: any SQLExecutor) throws(GameError) -> [AuctionListEntry] {
        let auctions = try list(open: open, limit: limit, in: database)
        guard !auctions.isEmpty else { return [] }
        let rows = try storeCall { () throws(StoreError) in
            try database.query(ListSQL.bids(ListFilter(open: open)), [Int64(max(0, limit))])
        }
        var bidsByAuction: [Int64: [AuctionBid]] = [:]
        for row in rows {
            let bid = try AuctionBid(row: row)
            bidsByAuction[bid.auctionID, default: []].append(bid)
        }
        return auctions.map { auction in
            let bids = (bidsByAuction[auction.id] ?? []).sorted { $0.id < $1.id }
            return AuctionListEntry(auction: auction, bids: bids)
        }
    }

    /// The ids of `group_concat(square_id)` (comma-separated; nil for an auction without squares), ascending.
    static func parseSquareIDs(_ text: String?) -> [Int64] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { Int64($0) }.sorted()
    }
}
