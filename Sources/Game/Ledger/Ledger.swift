import Store

/// The double-entry ledger: accounts per player and asset plus the system accounts, and transfers between them.
///
/// Every change of a balance is one `transfers` row moving a positive amount between two accounts of the same asset,
/// so the accounts of each asset always sum to zero. Balances are cached on the account rows and checked by
/// `LedgerAudit`. Changes run inside a writer `Transaction` (the writer thread); reads take any executor.
public enum Ledger {
    /// Creates the system accounts (mint, fees, treasury for every asset) if missing. Idempotent.
    public static func createSystemAccounts(in transaction: Transaction) throws(GameError) {
        for kind in AccountKind.systemKinds {
            for asset in Asset.allCases {
                try storeCall { () throws(StoreError) in
                    try transaction.run(
                        "INSERT INTO accounts (kind, asset, player_id, balance) VALUES (?, ?, NULL, 0) ON CONFLICT DO NOTHING",
                        [kind.rawValue, asset.rawValue])
                }
            }
        }
    }

    /// Creates `playerID`'s available and escrow accounts for every asset if missing. Idempotent.
    public static func createPlayerAccounts(playerID: Int64, in transaction: Transaction) throws(GameError) {
        for kind in [AccountKind.available, .escrow] {
            for asset in Asset.allCases {
                try storeCall { () throws(StoreError) in
                    try transaction.run(
                        "INSERT INTO accounts (kind, asset, player_id, balance) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
                        [kind.rawValue, asset.rawValue, playerID])
                }
            }
        }
    }

    /// The system account of `kind` for `asset`.
    /// - Throws: `.systemAccountMissing` when `createSystemAccounts` never ran.
    public static func systemAccount(_ kind: AccountKind, _ asset: Asset, in database: any SQLExecutor) throws(GameError)
        -> LedgerAccount {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne(
                "SELECT \(LedgerAccount.columns) FROM accounts WHERE kind = ? AND asset = ? AND player_id IS NULL",
                [kind.rawValue, asset.rawValue])
        }
        guard let row else { throw .systemAccountMissing(kind: kind, asset: asset) }
        return try LedgerAccount(row: row)
    }

    /// `playerID`'s account of `kind` for `asset`.
    /// - Throws: `.playerNotFound` when the player has no such account.
    public static func playerAccount(playerID: Int64, _ kind: AccountKind, _ asset: Asset,
                                     in database: any SQLExecutor) throws(GameError) -> LedgerAccount {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne(
                "SELECT \(LedgerAccount.columns) FROM accounts WHERE player_id = ? AND kind = ? AND asset = ?",
                [playerID, kind.rawValue, asset.rawValue])
        }
        guard let row else { throw .playerNotFound(playerID: playerID) }
        return try LedgerAccount(row: row)
    }

    /// The account with `id`.
    public static func account(id: Int64, in database: any SQLExecutor) throws(GameError) -> LedgerAccount {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(LedgerAccount.columns) FROM accounts WHERE id = ?", [id])
        }
        guard let row else { throw .accountNotFound(accountID: id) }
        return try LedgerAccount(row: row)
    }

    /// Moves `request.amount` between two accounts and records it; all or nothing.
    ///
    /// Checks everything before writing, so a failure leaves the database untouched (and the writer's savepoint
    /// covers the rest).
    /// - Throws: `.invalidAmount` (not positive), `.sameAccount`, `.accountNotFound`, `.assetMismatch`,
    ///   `.insufficientFunds` when any account but the mint would go below zero, `.balanceOverflow`.
    @discardableResult
    public static func transfer(_ request: TransferRequest, now: Int64, in transaction: Transaction) throws(GameError)
        -> Transfer {
        guard request.amount > 0 else { throw .invalidAmount(amount: request.amount) }
        guard request.fromAccountID != request.toAccountID else { throw .sameAccount(accountID: request.fromAccountID) }
        let source = try account(id: request.fromAccountID, in: transaction)
        let destination = try account(id: request.toAccountID, in: transaction)
        for account in [source, destination] where account.asset != request.asset {
            throw .assetMismatch(accountID: account.id, accountAsset: account.asset, transferAsset: request.asset)
        }
        let (newSource, sourceOverflow) = source.balance.subtractingReportingOverflow(request.amount)
        if sourceOverflow { throw .balanceOverflow(accountID: source.id) }
        if source.kind != .mint && newSource < 0 {
            throw .insufficientFunds(accountID: source.id, asset: request.asset, available: source.balance,
                                     requested: request.amount)
        }
        let (_, destinationOverflow) = destination.balance.addingReportingOverflow(request.amount)
        if destinationOverflow { throw .balanceOverflow(accountID: destination.id) }
        try storeCall { () throws(StoreError) in
            try transaction.run("UPDATE accounts SET balance = balance - ? WHERE id = ?", [request.amount, source.id])
            try transaction.run("UPDATE accounts SET balance = balance + ? WHERE id = ?", [request.amount, destination.id])
            try transaction.run(
                """
                INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [request.asset.rawValue, source.id, destination.id, request.amount, request.reason.rawValue,
                 request.reference, now])
        }
        return Transfer(id: transaction.lastInsertRowID, request: request, createdAt: now)
    }

    /// Issues `amount` of `asset` from the mint into `playerID`'s available account.
    @discardableResult
    public static func grant(_ amount: Int64, of asset: Asset, to playerID: Int64, reason: TransferReason,
                             reference: String?, now: Int64, in transaction: Transaction) throws(GameError) -> Transfer {
        let mint = try systemAccount(.mint, asset, in: transaction)
        let available = try playerAccount(playerID: playerID, .available, asset, in: transaction)
        return try transfer(
            TransferRequest(asset: asset, fromAccountID: mint.id, toAccountID: available.id, amount: amount,
                            reason: reason, reference: reference),
            now: now, in: transaction)
    }

    /// Everything `playerID` holds: available and escrowed balances per asset (zero where no account exists).
    public static func holdings(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> PlayerHoldings {
        let rows = try storeCall { () throws(StoreError) in
            try database.query("SELECT \(LedgerAccount.columns) FROM accounts WHERE player_id = ?", [playerID])
        }
        var holdings = PlayerHoldings()
        for row in rows {
            let account = try LedgerAccount(row: row)
            switch account.kind {
            case .available: holdings.available[account.asset] = account.balance
            case .escrow: holdings.escrow[account.asset] = account.balance
            default: break
            }
        }
        return holdings
    }
}
