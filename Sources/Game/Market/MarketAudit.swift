import Store

/// The marketplace's invariants for `worldgame verify` (`LedgerAudit.run` includes them): every order's escrow agrees
/// with its ledger transfers, players' escrow covers their open orders, no book is crossed, listed squares are locked.
///
/// Read-only SQL over any executor, run inside the audit's one read transaction.
public enum MarketAudit {
    /// Each order's `escrow` is remaining x price (buy) or remaining (sell) while open and 0 once closed, and equals
    /// the net of its ledger legs (`reference = 'order:{id}'`) into its owner's escrow account. The legs are summed in
    /// one scan of `transfers` (no index on `reference`: every transfer would pay its entry for this check alone).
    public static func orderEscrowMatchesLedger(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            """
            SELECT o.id, o.status, o.escrow,
                CASE WHEN o.status <> 'open' THEN 0 WHEN o.side = 'buy' THEN o.remaining * o.price ELSE o.remaining END
                    AS expected,
                a.id AS account_id
            FROM market_orders o
            JOIN accounts a ON a.player_id = o.player_id AND a.kind = 'escrow'
                AND a.asset = CASE o.side WHEN 'buy' THEN 'gold' ELSE o.resource END
            """)
        var escrowAccounts: [Int64: Int64] = [:]
        escrowAccounts.reserveCapacity(rows.count)
        for row in rows { escrowAccounts[try row.int64("id")] = try row.int64("account_id") }
        var ledger: [Int64: Int64] = [:]
        try database.forEachRow(legsSQL, []) { row throws(StoreError) in
            let orderID = try row.int64(0)
            guard let account = escrowAccounts[orderID] else { return }
            let (from, to, amount) = (try row.int64(1), try row.int64(2), try row.int64(3))
            if to == account { ledger[orderID, default: 0] &+= amount }
            if from == account { ledger[orderID, default: 0] &-= amount }
        }
        var violations: [String] = []
        for row in rows {
            let id = try row.int64("id")
            let escrow = try row.int64("escrow")
            let expected = try row.int64("expected")
            let net = ledger[id] ?? 0
            if escrow != expected || escrow != net {
                violations.append("order \(id) (\(try row.string("status"))) holds \(escrow), "
                    + "should hold \(expected), its escrow transfers net \(net)")
            }
        }
        return AuditCheck(name: "market: escrow equals open orders' remaining escrow, order by order",
                          scope: "\(rows.count) orders", violations: AuditQueries.capped(violations))
    }

    /// Every order's ledger leg (`reference` exactly `'order:{id}'`): the order id, the accounts and the amount.
    static let legsSQL = """
        SELECT CAST(substr(reference, 7) AS INTEGER), from_account_id, to_account_id, amount FROM transfers
        WHERE reference GLOB 'order:*' AND reference = 'order:' || CAST(substr(reference, 7) AS INTEGER)
        """

    /// Each player's escrow balance of an asset is at least what their open orders hold of it (auction bids may hold
    /// gold escrow too, so the gold comparison is "at least"; wheat, oil and ore are escrowed by orders only).
    public static func escrowCoversOpenOrders(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        try AuditQueries.check(
            "market: players' escrow covers their open orders", in: database,
            violations: """
                SELECT o.player_id, o.asset, o.held, a.balance FROM (
                    SELECT player_id, CASE side WHEN 'buy' THEN 'gold' ELSE resource END AS asset, sum(escrow) AS held
                    FROM market_orders WHERE status = 'open' GROUP BY 1, 2) o
                JOIN accounts a ON a.player_id = o.player_id AND a.kind = 'escrow' AND a.asset = o.asset
                WHERE a.balance < o.held OR (o.asset <> 'gold' AND a.balance <> o.held)
                LIMIT 100
                """,
            scope: "SELECT count(*) AS n FROM market_orders WHERE status = 'open'", counted: "open orders"
        ) { row throws(StoreError) in
            "player \(try row.int64("player_id")) escrows \(try row.int64("balance")) "
                + "\(try row.string("asset")) but open orders hold \(try row.int64("held"))"
        }
    }

    /// For every resource, the best bid is below the best ask (matching at insertion never leaves a cross).
    public static func booksNotCrossed(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        let rows = try database.query(
            """
            SELECT resource,
                max(CASE WHEN side = 'buy' THEN price END) AS bid, min(CASE WHEN side = 'sell' THEN price END) AS ask
            FROM market_orders WHERE status = 'open' GROUP BY resource
            """)
        var violations: [String] = []
        for row in rows {
            if let bid = try row.optionalInt64("bid"), let ask = try row.optionalInt64("ask"), bid >= ask {
                violations.append("\(try row.string("resource")) book crossed: bid \(bid) >= ask \(ask)")
            }
        }
        return AuditCheck(name: "market: no order book is crossed", scope: "\(rows.count) books",
                          violations: violations)
    }

    /// Every active listing's square is locked and still owned by the seller.
    public static func listedSquaresLocked(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        try AuditQueries.check(
            "market: listed squares are locked and the seller's", in: database,
            violations: """
                SELECT l.id, l.square_id FROM market_listings l JOIN land_squares s ON s.id = l.square_id
                WHERE l.status = 'active' AND (s.is_locked = 0 OR s.owner_id IS NOT l.seller_id) LIMIT 100
                """,
            scope: "SELECT count(*) AS n FROM market_listings WHERE status = 'active'", counted: "active listings"
        ) { row throws(StoreError) in
            "listing \(try row.int64("id")): square \(try row.int64("square_id")) is unlocked or no longer the seller's"
        }
    }
}
