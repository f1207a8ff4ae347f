import Locking
import Store

/// An account named by what it is rather than by its id: a player's available or escrow account, a system account,
/// or a known id. `Ledger.move` finds it inside its guarded UPDATE, so a hot path needs no look-up first.
public enum LedgerAccountKey: Sendable, Equatable {
    case id(Int64)
    case player(Int64, AccountKind)
    case system(AccountKind)

    /// Which of the three forms names the account: the SQL of a move depends only on these.
    enum Shape: Int, CaseIterable {
        case id, player, system

        /// The WHERE condition naming the account (the asset condition is added by the caller).
        var condition: String {
            switch self {
            case .id: "id = ?"
            case .player: "player_id = ? AND kind = ?"
            case .system: "player_id IS NULL AND kind = ?"
            }
        }

        /// An SQL expression giving the account's id for an asset bound after the key's own arguments (an index
        /// look-up, or the id itself).
        var idExpression: String {
            switch self {
            case .id: "?"
            case .player: "(SELECT id FROM accounts WHERE player_id = ? AND kind = ? AND asset = ?)"
            case .system: "(SELECT id FROM accounts WHERE player_id IS NULL AND kind = ? AND asset = ?)"
            }
        }
    }

    var shape: Shape {
        switch self {
        case .id: .id
        case .player: .player
        case .system: .system
        }
    }

    /// Appends the arguments of `shape.condition`.
    func appendConditionArguments(to arguments: inout [any SQLiteBindable]) {
        switch self {
        case .id(let id): arguments.append(id)
        case .player(let playerID, let kind):
            arguments.append(playerID)
            arguments.append(kind.rawValue)
        case .system(let kind): arguments.append(kind.rawValue)
        }
    }

    /// Appends the arguments of `shape.idExpression` for `asset`.
    func appendIDArguments(_ asset: Asset, to arguments: inout [any SQLiteBindable]) {
        switch self {
        case .id(let id): arguments.append(id)
        case .player(let playerID, let kind):
            arguments.append(playerID)
            arguments.append(kind.rawValue)
            arguments.append(asset.rawValue)
        case .system(let kind):
            arguments.append(kind.rawValue)
            arguments.append(asset.rawValue)
        }
    }
}

/// The SQL of `Ledger.move` for every shape of its two account keys, built once: a move runs three to five of these
/// per bid or fill, and building their text on every call (and hashing a new string to find the prepared
/// statement) was a visible part of a bid.
enum LedgerMoveSQL {
    typealias Shape = LedgerAccountKey.Shape

    /// The guarded debit of the source: the balance rule (only the mint may go below zero, no overflow).
    static let debit: [String] = Shape.allCases.map { shape in
        """
        UPDATE accounts SET balance = balance - ? WHERE \(shape.condition) AND asset = ?
            AND balance >= CASE kind WHEN 'mint' THEN ? ELSE ? END
        """
    }

    /// The guarded credit of the destination: the overflow rule.
    static let credit: [String] = Shape.allCases.map { shape in
        "UPDATE accounts SET balance = balance + ? WHERE \(shape.condition) AND asset = ? AND balance <= ?"
    }

    /// The `transfers` row, by source shape then destination shape.
    static let insert: [[String]] = Shape.allCases.map { source in
        Shape.allCases.map { destination in
            """
            INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at)
            VALUES (?, \(source.idExpression), \(destination.idExpression), ?, ?, ?, ?)
            """
        }
    }

    /// The multi-row `transfers` INSERT of `Ledger.moveAll` for `legs`: its text depends only on the legs' shapes,
    /// so each sequence of shapes is built once and kept. A kept string keeps its address, which the statement cache
    /// finds without hashing the text (building and hashing it cost a matching order about 19k instructions). Up to
    /// 18 legs (a key of base-9 digits in an `Int`); longer sequences, rare, are built each time.
    static func insertAll(_ legs: [LedgerLeg]) -> String {
        guard legs.count <= 18 else { return buildInsertAll(legs) }
        var key = 1
        for leg in legs { key = key * 9 + leg.source.shape.rawValue * 3 + leg.destination.shape.rawValue }
        if let cached = insertAllCache.withLock({ $0[key] }) { return cached }
        let sql = buildInsertAll(legs)
        insertAllCache.withLock { $0[key] = sql }
        return sql
    }

    /// `insertAll`'s arguments for `legs`, in its placeholders' order, appended to `arguments`.
    static func appendInsertAllArguments(_ legs: [LedgerLeg], now: Int64, to arguments: inout [any SQLiteBindable]) {
        for leg in legs {
            arguments.append(leg.asset.rawValue)
            leg.source.appendIDArguments(leg.asset, to: &arguments)
            leg.destination.appendIDArguments(leg.asset, to: &arguments)
            arguments.append(leg.amount)
            arguments.append(leg.reason.rawValue)
            arguments.append(leg.reference)
            arguments.append(now)
        }
    }

    /// `insertAll`'s texts by shape key (a handful of keys: the market's fills come in a few shapes).
    private static let insertAllCache = Locked<[Int: String]>([:])

    private static func buildInsertAll(_ legs: [LedgerLeg]) -> String {
        var sql = "INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference, created_at) "
            + "VALUES "
        for (index, leg) in legs.enumerated() {
            if index > 0 { sql += ", " }
            sql += "(?, \(leg.source.shape.idExpression), \(leg.destination.shape.idExpression), ?, ?, ?, ?)"
        }
        return sql
    }

    /// Reverses a guarded debit of the account.
    static let undoDebit: [String] = Shape.allCases.map { shape in
        "UPDATE accounts SET balance = balance + ? WHERE \(shape.condition) AND asset = ?"
    }
    /// Reverses a guarded credit of the account.
    static let undoCredit: [String] = Shape.allCases.map { shape in
        "UPDATE accounts SET balance = balance - ? WHERE \(shape.condition) AND asset = ?"
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
            var arguments: [any SQLiteBindable] = []
            arguments.reserveCapacity(10)
            arguments.append(amount)
            source.appendConditionArguments(to: &arguments)
            arguments.append(asset.rawValue)
            arguments.append(Int64.min + amount)
            arguments.append(amount)
            try transaction.run(LedgerMoveSQL.debit[source.shape.rawValue], arguments)
            guard transaction.changes == 1 else { return false }
            arguments.removeAll(keepingCapacity: true)
            arguments.append(amount)
            destination.appendConditionArguments(to: &arguments)
            arguments.append(asset.rawValue)
            arguments.append(Int64.max - amount)
            try transaction.run(LedgerMoveSQL.credit[destination.shape.rawValue], arguments)
            guard transaction.changes == 1 else {
                try undo(amount, asset, debited: source, credited: nil, in: transaction)
                return false
            }
            arguments.removeAll(keepingCapacity: true)
            arguments.append(asset.rawValue)
            source.appendIDArguments(asset, to: &arguments)
            destination.appendIDArguments(asset, to: &arguments)
            arguments.append(amount)
            arguments.append(reason.rawValue)
            arguments.append(reference)
            arguments.append(now)
            do {
                try transaction.run(LedgerMoveSQL.insert[source.shape.rawValue][destination.shape.rawValue], arguments)
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
        var arguments: [any SQLiteBindable] = [amount]
        if let credited {
            credited.appendConditionArguments(to: &arguments)
            arguments.append(asset.rawValue)
            try transaction.run(LedgerMoveSQL.undoCredit[credited.shape.rawValue], arguments)
            arguments = [amount]
        }
        debited.appendConditionArguments(to: &arguments)
        arguments.append(asset.rawValue)
        try transaction.run(LedgerMoveSQL.undoDebit[debited.shape.rawValue], arguments)
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
