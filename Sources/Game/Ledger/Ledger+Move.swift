import Store

/// An account named by what it is rather than by its id: a player's available or escrow account, a system account,
/// or a known id. `Ledger.move` finds it inside its guarded UPDATE, so a hot path needs no look-up first.
public enum LedgerAccountKey: Sendable, Equatable {
    case id(Int64)
    case player(Int64, AccountKind)
    case system(AccountKind)

    /// The WHERE condition naming the account, and its arguments (the asset condition is added by the caller).
    var condition: (sql: String, arguments: [any SQLiteBindable]) {
        switch self {
        case .id(let id): ("id = ?", [id])
        case .player(let playerID, let kind): ("player_id = ? AND kind = ?", [playerID, kind.rawValue])
        case .system(let kind): ("player_id IS NULL AND kind = ?", [kind.rawValue])
        }
    }
}

extension Ledger {
    /// Moves `amount` of `asset` between two accounts and records it: what `transfer` does, in three statements (a
    /// guarded `UPDATE … RETURNING id` of each account and the `transfers` row) instead of five plus the look-ups.
    ///
    /// The debit's guard is the balance rule (only the mint may go below zero, no overflow), the credit's is the
    /// overflow rule; both require the asset. When a guard refuses (no such account, another asset, not enough funds,
    /// overflow, the same account twice), the debit is undone and `transfer` runs on the looked-up accounts, so the
    /// errors are exactly `transfer`'s (and those of `playerAccount`/`systemAccount`/`account` for a missing one).
    /// - Throws: as `transfer`, plus `.playerNotFound`, `.systemAccountMissing`, `.accountNotFound`.
    @discardableResult
    public static func move(_ amount: Int64, _ asset: Asset, from source: LedgerAccountKey, to destination: LedgerAccountKey,
                            reason: TransferReason, reference: String?, now: Int64,
                            in transaction: Transaction) throws(GameError) -> Transfer {
        let request = { (from: Int64, to: Int64) in
            TransferRequest(asset: asset, fromAccountID: from, toAccountID: to, amount: amount, reason: reason,
                            reference: reference)
        }
        if amount > 0, source != destination,
           let (sourceID, destinationID) = try guardedUpdates(amount, asset, source, destination, in: transaction) {
            try storeCall { () throws(StoreError) in
                try transaction.run(
                    """
                    INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [asset.rawValue, sourceID, destinationID, amount, reason.rawValue, reference, now])
            }
            return Transfer(id: transaction.lastInsertRowID, request: request(sourceID, destinationID), createdAt: now)
        }
        let from = try resolve(source, asset, in: transaction)
        let to = try resolve(destination, asset, in: transaction)
        return try transfer(request(from.id, to.id), now: now, in: transaction)
    }

    /// Debits then credits under their guards; the two account ids, or nil (nothing changed) when a guard refused.
    private static func guardedUpdates(_ amount: Int64, _ asset: Asset, _ source: LedgerAccountKey,
                                       _ destination: LedgerAccountKey,
                                       in transaction: Transaction) throws(GameError) -> (Int64, Int64)? {
        try storeCall { () throws(StoreError) -> (Int64, Int64)? in
            let from = source.condition
            let debited = try transaction.queryOne(
                """
                UPDATE accounts SET balance = balance - ? WHERE \(from.sql) AND asset = ?
                    AND balance >= CASE kind WHEN 'mint' THEN ? ELSE ? END RETURNING id
                """, [amount] + from.arguments + [asset.rawValue, Int64.min + amount, amount])
            guard let sourceID = try debited?.int64("id") else { return nil }
            let to = destination.condition
            let credited = try transaction.queryOne(
                "UPDATE accounts SET balance = balance + ? WHERE \(to.sql) AND asset = ? AND balance <= ? RETURNING id",
                [amount] + to.arguments + [asset.rawValue, Int64.max - amount])
            if let destinationID = try credited?.int64("id"), destinationID != sourceID {
                return (sourceID, destinationID)
            }
            if credited != nil {
                try transaction.run("UPDATE accounts SET balance = balance - ? WHERE id = ?", [amount, sourceID])
            }
            try transaction.run("UPDATE accounts SET balance = balance + ? WHERE id = ?", [amount, sourceID])
            return nil
        }
    }

    /// The account `key` names, or the look-up's own error.
    private static func resolve(_ key: LedgerAccountKey, _ asset: Asset,
                                in transaction: Transaction) throws(GameError) -> LedgerAccount {
        switch key {
        case .id(let id): try account(id: id, in: transaction)
        case .player(let playerID, let kind): try playerAccount(playerID: playerID, kind, asset, in: transaction)
        case .system(let kind): try systemAccount(kind, asset, in: transaction)
        }
    }
}
