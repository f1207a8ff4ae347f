import Store

extension LedgerAccounts {
    /// `Ledger.move` through this command's accounts: a player account's guard checked on its cached balance, then
    /// one UPDATE by rowid per player account and the `transfers` row with their ids bound. Same rows, same outcome, same errors
    /// (anything the guards refuse runs through `Ledger.move`, which reports it).
    /// - Returns: the new `transfers` row's id.
    /// - Throws: as `Ledger.move`.
    @discardableResult
    public func move(_ amount: Int64, _ asset: Asset, from source: LedgerAccountKey, to destination: LedgerAccountKey,
                     reason: TransferReason, reference: String?, now: Int64) throws(GameError) -> Int64 {
        let leg = LedgerLeg(amount, asset, from: source, to: destination, reason: reason, reference: reference)
        if amount > 0, source != destination, try moveGuarded([leg], now: now) {
            return transaction.lastInsertRowID
        }
        forget()
        return try Ledger.move(amount, asset, from: source, to: destination, reason: reason, reference: reference,
                               now: now, in: transaction)
    }

    /// `Ledger.moveAll` through this command's accounts: legs of zero are skipped, the guards are checked on each
    /// player account's net change against the cached balances, then one UPDATE by rowid per player account whose
    /// balance changes (a system account's keeps its guarded UPDATE) and one INSERT of every `transfers` row, the
    /// players' account ids bound. Same rows, ids and order as `Ledger.moveAll`;
    /// anything the guards refuse runs through it, so the errors are exactly `Ledger.move`'s, leg by leg.
    /// - Throws: as `Ledger.moveAll`.
    public func moveAll(_ legs: [LedgerLeg], now: Int64) throws(GameError) {
        let legs = legs.filter { $0.amount != 0 }
        guard !legs.isEmpty else { return }
        if legs.allSatisfy({ $0.amount > 0 && $0.source != $0.destination }), try moveGuarded(legs, now: now) {
            return
        }
        forget()
        try Ledger.moveAll(legs, now: now, in: transaction)
    }

    /// One account's net change in a move.
    private struct NetChange {
        var location: Location
        var amount: Int64
    }

    /// Locates every leg's accounts, checks the guards on the net changes and writes; false (and nothing changed)
    /// when an account is not served here or a guard refuses.
    ///
    /// A system account's net change runs first, as `Ledger.moveAll`'s guarded UPDATE (it is not cached), so a refusal
    /// there leaves nothing to undo among the players' accounts; then each player account's change by rowid (its
    /// guard already checked here) and the one INSERT, whose system account ids are `moveAll`'s look-ups.
    private func moveGuarded(_ legs: [LedgerLeg], now: Int64) throws(GameError) -> Bool {
        var rows: [LedgerLeg] = []
        rows.reserveCapacity(legs.count)
        var changes: [NetChange] = []
        for leg in legs {
            guard let source = try locate(leg.source, leg.asset),
                  let destination = try locate(leg.destination, leg.asset),
                  Self.add(-leg.amount, at: source, to: &changes),
                  Self.add(leg.amount, at: destination, to: &changes) else { return false }
            var row = leg
            row.source = key(source)
            row.destination = key(destination)
            rows.append(row)
        }
        for change in changes where change.amount != 0 {
            guard case .player(let playerID, let slot) = change.location else { continue }
            let (balance, overflow) = account(of: playerID, slot: slot).balance.addingReportingOverflow(change.amount)
            if overflow || balance < 0 { return false }
        }
        return try storeCall { () throws(StoreError) -> Bool in
            var systemApplied: [NetChange] = []
            for change in changes where change.amount != 0 {
                guard case .system = change.location else { continue }
                guard try writeSystem(change) else {
                    for applied in systemApplied { try undoSystem(applied) }
                    return false
                }
                systemApplied.append(change)
            }
            // Debits first, as `Ledger.moveAll` writes them (the order changes no outcome).
            for change in changes where change.amount < 0 { try writePlayer(change) }
            for change in changes where change.amount > 0 { try writePlayer(change) }
            var arguments: [any SQLiteBindable] = []
            arguments.reserveCapacity(7 * rows.count)
            LedgerMoveSQL.appendInsertAllArguments(rows, now: now, to: &arguments)
            do {
                try transaction.run(LedgerMoveSQL.insertAll(rows), arguments)
            } catch {
                // A system account with no net change that does not exist (a NULL id): the slow path reports it.
                for change in changes where change.amount != 0 {
                    if case .system = change.location { try undoSystem(change) } else { try writePlayer(change, undo: true) }
                }
                return false
            }
            for change in changes where change.amount != 0 {
                if case .player(let playerID, let slot) = change.location { add(change.amount, of: playerID, slot: slot) }
            }
            return true
        }
    }

    /// The key a `transfers` row names the account at `location` by: a player's account by its id (bound), a system
    /// account by kind (looked up inside the INSERT).
    private func key(_ location: Location) -> LedgerAccountKey {
        switch location {
        case .player(let playerID, let slot): .id(account(of: playerID, slot: slot).id)
        case .system(let kind, _): .system(kind)
        }
    }

    /// Adds `amount` to the net change at `location`; false when the sum overflows (or reaches `Int64.min`, which
    /// has no positive amount to write).
    private static func add(_ amount: Int64, at location: Location, to changes: inout [NetChange]) -> Bool {
        guard let index = changes.firstIndex(where: { $0.location == location }) else {
            changes.append(NetChange(location: location, amount: amount))
            return true
        }
        let (sum, overflow) = changes[index].amount.addingReportingOverflow(amount)
        changes[index].amount = sum
        return !overflow && sum != .min
    }

    /// A player account's net change (reversed when `undo`), by rowid.
    private func writePlayer(_ change: NetChange, undo: Bool = false) throws(StoreError) {
        guard case .player(let playerID, let slot) = change.location else { return }
        try transaction.run(Self.updateSQL, [undo ? -change.amount : change.amount, account(of: playerID, slot: slot).id])
    }

    /// A system account's net change under `Ledger.move`'s guard (a debit: the balance rule, the mint may go below
    /// zero; a credit: the overflow rule); false when the guard refused (or the account does not exist).
    private func writeSystem(_ change: NetChange) throws(StoreError) -> Bool {
        guard case .system(let kind, let asset) = change.location else { return true }
        let shape = LedgerAccountKey.Shape.system.rawValue
        let amount = change.amount < 0 ? -change.amount : change.amount
        if change.amount < 0 {
            try transaction.run(LedgerMoveSQL.debit[shape], [amount, kind.rawValue, asset.rawValue, Int64.min + amount,
                                                             amount])
        } else {
            try transaction.run(LedgerMoveSQL.credit[shape], [amount, kind.rawValue, asset.rawValue, Int64.max - amount])
        }
        return transaction.changes == 1
    }

    /// Reverses a system account's net change that cannot complete.
    private func undoSystem(_ change: NetChange) throws(StoreError) {
        guard case .system(let kind, let asset) = change.location else { return }
        let shape = LedgerAccountKey.Shape.system.rawValue
        let sql = change.amount < 0 ? LedgerMoveSQL.undoDebit[shape] : LedgerMoveSQL.undoCredit[shape]
        try transaction.run(sql, [change.amount < 0 ? -change.amount : change.amount, kind.rawValue, asset.rawValue])
    }

    /// A balance change by rowid, as a delta.
    static let updateSQL = "UPDATE accounts SET balance = balance + ? WHERE id = ?"
}
