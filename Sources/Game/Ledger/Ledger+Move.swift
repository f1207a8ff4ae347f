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

    /// An SQL expression giving the account's id for `asset` (an index look-up, or the id itself).
    var idExpression: String {
        switch self {
        case .id: "?"
        case .player: "(SELECT id FROM accounts WHERE player_id = ? AND kind = ? AND asset = ?)"
        case .system: "(SELECT id FROM accounts WHERE player_id IS NULL AND kind = ? AND asset = ?)"
        }
    }

    /// The arguments of `idExpression`.
    func idArguments(_ asset: Asset) -> [any SQLiteBindable] {
        switch self {
        case .id(let id): [id]
        case .player(let playerID, let kind): [playerID, kind.rawValue, asset.rawValue]
        case .system(let kind): [kind.rawValue, asset.rawValue]
        }
    }
}

extension Ledger {
    /// Moves `amount` of `asset` between two accounts and records it: what `transfer` does, in three statements (a
    /// guarded UPDATE of each account, then the `transfers` row, whose account ids are index look-ups inside the
    /// INSERT) instead of five plus the look-ups. No `RETURNING`: SQLite materialises its rows in an ephemeral table,
    /// which cost more than the look-ups it saved.
    ///
    /// The debit's guard is the balance rule (only the mint may go below zero, no overflow), the credit's is the
    /// overflow rule; both require the asset. When a guard refuses (no such account, another asset, not enough funds,
    /// overflow) or the row is refused (the same account twice), what was done is undone and `transfer` runs on the
    /// looked-up accounts, so the errors are exactly `transfer`'s (and those of `playerAccount`, `systemAccount` or
    /// `account` for a missing one).
    /// - Returns: the new `transfers` row's id.
    /// - Throws: as `transfer`, plus `.playerNotFound`, `.systemAccountMissing`, `.accountNotFound`.
    @discardableResult
    public static func move(_ amount: Int64, _ asset: Asset, from source: LedgerAccountKey, to destination: LedgerAccountKey,
                            reason: TransferReason, reference: String?, now: Int64,
                            in transaction: Transaction) throws(GameError) -> Int64 {
        if amount > 0, source != destination,
           try guardedMove(amount, asset, source, destination, reason: reason, reference: reference, now: now,
                           in: transaction) {
            return transaction.lastInsertRowID
        }
        let from = try resolve(source, asset, in: transaction)
        let to = try resolve(destination, asset, in: transaction)
        let request = TransferRequest(asset: asset, fromAccountID: from.id, toAccountID: to.id, amount: amount,
                                      reason: reason, reference: reference)
        return try transfer(request, now: now, in: transaction).id
    }

    /// Debits, credits and records under the guards; false (and nothing changed) when a guard or the row refused.
    private static func guardedMove(_ amount: Int64, _ asset: Asset, _ source: LedgerAccountKey,
                                    _ destination: LedgerAccountKey, reason: TransferReason, reference: String?,
                                    now: Int64, in transaction: Transaction) throws(GameError) -> Bool {
        try storeCall { () throws(StoreError) -> Bool in
            let from = source.condition
            try transaction.run(
                """
                UPDATE accounts SET balance = balance - ? WHERE \(from.sql) AND asset = ?
                    AND balance >= CASE kind WHEN 'mint' THEN ? ELSE ? END
                """, [amount] + from.arguments + [asset.rawValue, Int64.min + amount, amount])
            guard transaction.changes == 1 else { return false }
            let to = destination.condition
            try transaction.run(
                "UPDATE accounts SET balance = balance + ? WHERE \(to.sql) AND asset = ? AND balance <= ?",
                [amount] + to.arguments + [asset.rawValue, Int64.max - amount])
            guard transaction.changes == 1 else {
                try undo(amount, asset, debited: source, credited: nil, in: transaction)
                return false
            }
            do {
                try transaction.run(
                    """
                    INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
                    VALUES (?, \(source.idExpression), \(destination.idExpression), ?, ?, ?, ?)
                    """,
                    [asset.rawValue] + source.idArguments(asset) + destination.idArguments(asset)
                        + [amount, reason.rawValue, reference, now])
            } catch {
                // Both keys named one account (its CHECK refuses the row): the slow path reports it.
                try undo(amount, asset, debited: source, credited: destination, in: transaction)
                return false
            }
            return true
        }
    }

    /// Reverses a guarded debit (and credit) that cannot complete.
    private static func undo(_ amount: Int64, _ asset: Asset, debited: LedgerAccountKey, credited: LedgerAccountKey?,
                             in transaction: Transaction) throws(StoreError) {
        if let credited {
            let to = credited.condition
            try transaction.run("UPDATE accounts SET balance = balance - ? WHERE \(to.sql) AND asset = ?",
                                [amount] + to.arguments + [asset.rawValue])
        }
        let from = debited.condition
        try transaction.run("UPDATE accounts SET balance = balance + ? WHERE \(from.sql) AND asset = ?",
                            [amount] + from.arguments + [asset.rawValue])
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
