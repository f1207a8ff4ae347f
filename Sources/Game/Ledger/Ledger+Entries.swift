import Store

extension Ledger {
    /// One page of `playerID`'s own ledger entries with transfer ids below `before`, newest first.
    ///
    /// Each of the player's accounts is read with its own bounded, index-ordered query (`transfers_to` and
    /// `transfers_from` walk in id order), so the cost depends on `limit`, never on the length of the history.
    /// A page never splits the two entries of a transfer between the player's own accounts, so it may hold
    /// `limit + 1` entries.
    /// - Parameters:
    ///   - before: only transfers with a smaller id; nil for the newest.
    ///   - limit: entries wanted, at least 1 (the caller bounds it).
    /// - Throws: `GameError.store` on a read failure, `.corruptRow` on an unknown asset or account kind.
    public static func entries(playerID: Int64, before: Int64?, limit: Int, in database: any SQLExecutor)
        throws(GameError) -> LedgerEntryPage {
        let limit = max(1, limit)
        let accounts = try storeCall { () throws(StoreError) in
            try database.query("SELECT \(LedgerAccount.columns) FROM accounts WHERE player_id = ?", [playerID])
        }
        let systemPlayerID = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT player_id FROM market_maker WHERE id = 1")?.int64("player_id")
        }
        var candidates: [LedgerEntry] = []
        for row in accounts {
            let account = try LedgerAccount(row: row)
            guard account.kind.isPlayerKind else { continue }
            candidates += try legs(of: account, playerID: playerID, systemPlayerID: systemPlayerID,
                                   before: before ?? Int64.max, limit: limit + 2, in: database)
        }
        candidates.sort { left, right in
            left.transferID != right.transferID ? left.transferID > right.transferID
                : left.account.rawValue < right.account.rawValue
        }
        var page = Array(candidates.prefix(limit))
        if candidates.count > limit, candidates[limit].transferID == candidates[limit - 1].transferID {
            page.append(candidates[limit])
        }
        page = try hidingForeignOrders(page, playerID: playerID, in: database)
        return LedgerEntryPage(entries: page, nextBefore: candidates.count > page.count ? page.last?.transferID : nil)
    }

    /// The newest `limit` transfers into and out of `account` below `before`, as entries of that account.
    private static func legs(of account: LedgerAccount, playerID: Int64, systemPlayerID: Int64?, before: Int64,
                             limit: Int, in database: any SQLExecutor) throws(GameError) -> [LedgerEntry] {
        func select(incoming: Bool) -> String {
            let (mine, theirs) = incoming ? ("to_account_id", "from_account_id") : ("from_account_id", "to_account_id")
            return """
                SELECT * FROM (SELECT t.id, t.amount, t.reason, t.reference, t.created_at, \(incoming ? 1 : 0) AS incoming,
                    other.kind AS other_kind, other.player_id AS other_player_id
                FROM transfers t JOIN accounts other ON other.id = t.\(theirs)
                WHERE t.\(mine) = ? AND t.id < ? ORDER BY t.id DESC LIMIT ?)
                """
        }
        let rows = try storeCall { () throws(StoreError) in
            try database.query("\(select(incoming: true)) UNION ALL \(select(incoming: false))",
                               [account.id, before, Int64(limit), account.id, before, Int64(limit)])
        }
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let (id, amount, isIncoming, otherPlayerID) = try storeCall { () throws(StoreError) in
                (try row.int64("id"), try row.int64("amount"), try row.bool("incoming"),
                 try row.optionalInt64("other_player_id"))
            }
            let counterparty: LedgerEntry.Counterparty = switch otherPlayerID {
            case nil: .system
            case playerID: .own
            case systemPlayerID: .system
            default: .player
            }
            entries.append(LedgerEntry(
                transferID: id, asset: account.asset, amount: isIncoming ? amount : -amount, account: account.kind,
                reason: TransferReason(rawValue: try storeCall { () throws(StoreError) in try row.string("reason") }),
                reference: try storeCall { () throws(StoreError) in try row.optionalString("reference") },
                counterparty: counterparty,
                createdAt: try storeCall { () throws(StoreError) in try row.int64("created_at") }))
        }
        return entries
    }

    /// `entries` with `order:{id}` references cleared where the order is another player's (a trade's legs name the
    /// other side's order on the gold or goods the player received).
    private static func hidingForeignOrders(_ entries: [LedgerEntry], playerID: Int64, in database: any SQLExecutor)
        throws(GameError) -> [LedgerEntry] {
        var isOwnOrder: [Int64: Bool] = [:]
        var result = entries
        for index in result.indices where result[index].counterparty == .player {
            guard let reference = result[index].reference, reference.hasPrefix("order:") else { continue }
            guard let orderID = Int64(reference.dropFirst("order:".count)) else {
                result[index].reference = nil
                continue
            }
            if isOwnOrder[orderID] == nil {
                isOwnOrder[orderID] = try storeCall { () throws(StoreError) in
                    try database.queryOne("SELECT 1 AS found FROM market_orders WHERE id = ? AND player_id = ?",
                                          [orderID, playerID]) != nil
                }
            }
            if isOwnOrder[orderID] != true { result[index].reference = nil }
        }
        return result
    }
}
