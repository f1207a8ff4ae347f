import Store

/// One transfer of a `Ledger.moveAll`: what `Ledger.move` takes, as a value.
public struct LedgerLeg: Sendable, Equatable {
    public var amount: Int64
    public var asset: Asset
    public var source: LedgerAccountKey
    public var destination: LedgerAccountKey
    public var reason: TransferReason
    public var reference: String?

    public init(_ amount: Int64, _ asset: Asset, from source: LedgerAccountKey, to destination: LedgerAccountKey,
                reason: TransferReason, reference: String?) {
        self.amount = amount
        self.asset = asset
        self.source = source
        self.destination = destination
        self.reason = reason
        self.reference = reference
    }
}

extension Ledger {
    /// Moves every leg with a positive amount (legs of zero are skipped), with the outcome of calling `move` for each
    /// in order, in fewer statements: one guarded UPDATE per account the legs touch (its net change: a market fill's
    /// three debits of the buyer's escrow are one), then one INSERT of every `transfers` row.
    ///
    /// The guards are `move`'s, on the net change of each account. When one refuses (or the INSERT does), what was
    /// done is undone and the legs run through `move` one by one, so the errors are exactly `move`'s. A sequence of
    /// `move`s that succeeds leaves every account at the same balance, so its net changes pass the guards too.
    /// - Throws: as `move`.
    public static func moveAll(_ legs: [LedgerLeg], now: Int64, in transaction: Transaction) throws(GameError) {
        let legs = legs.filter { $0.amount != 0 }
        guard !legs.isEmpty else { return }
        if legs.count == 1 || legs.contains(where: { $0.amount < 0 || $0.source == $0.destination }) {
            return try moveEach(legs, now: now, in: transaction)
        }
        guard try guardedMoveAll(legs, now: now, in: transaction) else {
            return try moveEach(legs, now: now, in: transaction)
        }
    }

    private static func moveEach(_ legs: [LedgerLeg], now: Int64, in transaction: Transaction) throws(GameError) {
        for leg in legs {
            try move(leg.amount, leg.asset, from: leg.source, to: leg.destination, reason: leg.reason,
                     reference: leg.reference, now: now, in: transaction)
        }
    }

    /// One account's net change in a `moveAll`.
    private struct NetChange {
        var key: LedgerAccountKey
        var asset: Asset
        var amount: Int64
    }

    /// The net change of every account the legs touch, debits first; nil when a sum overflows.
    private static func netChanges(_ legs: [LedgerLeg]) -> [NetChange]? {
        var changes: [NetChange] = []
        func add(_ key: LedgerAccountKey, _ asset: Asset, _ amount: Int64) -> Bool {
            if let index = changes.firstIndex(where: { $0.key == key && $0.asset == asset }) {
                let (sum, overflow) = changes[index].amount.addingReportingOverflow(amount)
                changes[index].amount = sum
                return !overflow
            }
            changes.append(NetChange(key: key, asset: asset, amount: amount))
            return true
        }
        for leg in legs {
            guard add(leg.source, leg.asset, -leg.amount), add(leg.destination, leg.asset, leg.amount) else {
                return nil
            }
        }
        // A net change of exactly Int64.min has no positive amount to bind.
        guard !changes.contains(where: { $0.amount == .min }) else { return nil }
        return changes.filter { $0.amount < 0 } + changes.filter { $0.amount > 0 }
    }

    /// Applies the net changes under the guards and records every leg; false (and nothing changed) when a guard or
    /// the INSERT refused.
    private static func guardedMoveAll(_ legs: [LedgerLeg], now: Int64,
                                       in transaction: Transaction) throws(GameError) -> Bool {
        guard let changes = netChanges(legs) else { return false }
        return try storeCall { () throws(StoreError) -> Bool in
            var applied: [NetChange] = []
            var arguments: [any SQLiteBindable] = []
            arguments.reserveCapacity(12)
            for change in changes {
                let isDebit = change.amount < 0
                let amount = isDebit ? -change.amount : change.amount
                arguments.removeAll(keepingCapacity: true)
                arguments.append(amount)
                change.key.appendConditionArguments(to: &arguments)
                arguments.append(change.asset.rawValue)
                if isDebit {
                    arguments.append(Int64.min + amount)
                    arguments.append(amount)
                    try transaction.run(LedgerMoveSQL.debit[change.key.shape.rawValue], arguments)
                } else {
                    arguments.append(Int64.max - amount)
                    try transaction.run(LedgerMoveSQL.credit[change.key.shape.rawValue], arguments)
                }
                guard transaction.changes == 1 else {
                    try undo(applied, in: transaction)
                    return false
                }
                applied.append(change)
            }
            arguments.removeAll(keepingCapacity: true)
            let sql = LedgerMoveSQL.insertAll(legs)
            LedgerMoveSQL.appendInsertAllArguments(legs, now: now, to: &arguments)
            do {
                try transaction.run(sql, arguments)
            } catch {
                // An account with no net change that does not exist (a NULL id): the slow path reports it.
                try undo(applied, in: transaction)
                return false
            }
            return true
        }
    }

    /// Reverses guarded net changes that cannot complete.
    private static func undo(_ applied: [NetChange], in transaction: Transaction) throws(StoreError) {
        for change in applied {
            var arguments: [any SQLiteBindable] = [change.amount < 0 ? -change.amount : change.amount]
            change.key.appendConditionArguments(to: &arguments)
            arguments.append(change.asset.rawValue)
            let sql = change.amount < 0 ? LedgerMoveSQL.undoDebit : LedgerMoveSQL.undoCredit
            try transaction.run(sql[change.key.shape.rawValue], arguments)
        }
    }
}
