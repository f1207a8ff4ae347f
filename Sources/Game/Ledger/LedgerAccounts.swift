import Store

/// One writer command's view of the ledger accounts its moves touch: each player's available and escrow accounts read
/// once (one range of `accounts_player`), so the command's moves of players' balances are checked in Swift and
/// written by rowid, and its events' holdings come from here instead of another read of the same accounts. A system
/// account (the fees) is not read: its change keeps `Ledger.move`'s guarded UPDATE and id look-up.
///
/// It exists because a guarded UPDATE naming an account by player, kind and asset sought the `accounts_player` index
/// for every leg, the `transfers` INSERT looked every account id up again, and the event holdings then read the
/// accounts once more: on a matching order that was 5 index seeks, 8 id look-ups and 2 more ranges.
///
/// It is the `Ledger`'s own per-command cache, not a second ledger: it writes through the same tables in the same
/// statements' effects as `Ledger.move`/`moveAll` (the same rows, ids and order), and a move whose guard refuses here
/// (or any leg these moves do not serve: an account named by id, a zero or negative amount, one account twice) runs
/// through `Ledger.move`/`moveAll` unchanged, so every error is theirs. Owned by one writer command on the writer
/// thread (it holds the command's `Transaction`, which traps when used elsewhere or later). Every balance change of
/// that command must go through it (a rule given one passes it on); balances are written as deltas, so even then the
/// stored balances stay exact and the schema's `CHECK (kind = 'mint' OR balance >= 0)` backs the guards.
public final class LedgerAccounts {
    let transaction: Transaction
    /// The players whose accounts were read, in reading order; `slots` holds player `n`'s at `n * slotCount`.
    private var playerIDs: [Int64] = []
    /// Each read player's available then escrow accounts, `slotCount` a player, in `PlayerEventHoldings.assetKeys`
    /// order; nil where the player has no such account. One flat array, not a dictionary of arrays: a command reads
    /// one or two players, and the hashing and an array per player cost a bid ~3k instructions.
    private var slots: [Account?] = []
    /// `playerIDs`' positions, built once a command reads more than `listLimit` players (an expiry's many owners).
    private var positions: [Int64: Int] = [:]
    private static let listLimit = 8

    /// A player's account id and balance as this command left it.
    struct Account {
        var id: Int64
        var balance: Int64
    }

    /// Where a move finds an account: a player's slot in this cache, or a system account (not cached).
    enum Location: Equatable {
        case player(Int64, slot: Int)
        case system(AccountKind, Asset)
    }

    static let slotCount = 2 * PlayerEventHoldings.assetKeys.count

    /// - Parameter transaction: the command's transaction; use the result only inside that command.
    public init(in transaction: Transaction) {
        self.transaction = transaction
    }

    /// The slot of a player's account of `kind` and `asset` (available first, assets in name order, as the event
    /// holdings write them); nil for a kind players do not hold.
    static func slot(_ kind: AccountKind, _ asset: Asset) -> Int? {
        let offset: Int
        switch kind {
        case .available: offset = 0
        case .escrow: offset = PlayerEventHoldings.assetKeys.count
        default: return nil
        }
        return offset + assetSlot(asset)
    }

    /// `asset`'s index in `PlayerEventHoldings.assetKeys` (name order).
    static func assetSlot(_ asset: Asset) -> Int {
        switch asset {
        case .gold: 0
        case .oil: 1
        case .ore: 2
        case .wheat: 3
        }
    }

    /// Where `key` for `asset` is, loading its player's accounts first; nil when it names no account this cache
    /// serves (an id, a kind the form cannot hold, a player account that does not exist): `Ledger.move` then
    /// reports it.
    func locate(_ key: LedgerAccountKey, _ asset: Asset) throws(GameError) -> Location? {
        switch key {
        case .id:
            return nil
        case .player(let playerID, let kind):
            guard let slot = Self.slot(kind, asset) else { return nil }
            return slots[try playerBase(playerID) + slot] == nil ? nil : .player(playerID, slot: slot)
        case .system(let kind):
            return kind.isPlayerKind ? nil : .system(kind, asset)
        }
    }

    /// The cached player account at `slot` (which `locate` returned).
    func account(of playerID: Int64, slot: Int) -> Account {
        guard let base = loadedBase(playerID), let account = slots[base + slot] else {
            preconditionFailure("unlocated account")
        }
        return account
    }

    /// Adds `amount` (negative for a debit) to the cached balance of a player's account, after the database took it.
    func add(_ amount: Int64, of playerID: Int64, slot: Int) {
        guard let base = loadedBase(playerID) else { return }
        slots[base + slot]?.balance += amount
    }

    /// `playerID`'s account of `kind` for `asset` as this command left it (read with the player's other accounts);
    /// nil when the player holds no such account or `kind` is not a player's.
    func playerAccount(_ playerID: Int64, _ kind: AccountKind, _ asset: Asset) throws(GameError) -> Account? {
        guard let slot = Self.slot(kind, asset) else { return nil }
        return slots[try playerBase(playerID) + slot]
    }

    /// Forgets every cached balance: after a move that ran through `Ledger.move`/`moveAll` instead (they wrote
    /// balances this cache did not see), the next use reads them again.
    func forget() {
        playerIDs.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
    }

    /// `playerID`'s available and escrow balances as this command left them, in the event holdings' order; nil when
    /// this command did not read the player's accounts (the caller reads them then).
    func balances(of playerID: Int64) -> PlayerEventHoldings.Balances? {
        guard let base = loadedBase(playerID) else { return nil }
        var balances = PlayerEventHoldings.Balances()
        for slot in 0..<Self.slotCount { balances.amounts[slot] = slots[base + slot]?.balance ?? 0 }
        return balances
    }

    /// Where `playerID`'s accounts start in `slots`, nil when this command did not read them.
    private func loadedBase(_ playerID: Int64) -> Int? {
        let position = playerIDs.count > Self.listLimit ? positions[playerID] : playerIDs.firstIndex(of: playerID)
        return position.map { $0 * Self.slotCount }
    }

    /// Where `playerID`'s accounts start in `slots`, reading them first when this command has not.
    private func playerBase(_ playerID: Int64) throws(GameError) -> Int {
        if let base = loadedBase(playerID) { return base }
        // The rows go into a local array swapped out of `slots` and back: a class property written from the row
        // closure is checked for exclusive access on every write (~1k instructions a player).
        var read: [Account?] = []
        swap(&read, &slots)
        let base = read.count
        read.append(contentsOf: repeatElement(nil, count: Self.slotCount))
        var assetText: [UInt8] = []
        do {
            try storeCall { () throws(StoreError) in
                try transaction.forEachRow(Self.playerSQL, [playerID]) { row throws(StoreError) in
                    guard let slot = try Self.slot(kindByte: row.firstTextByte(1), assetIn: row, text: &assetText)
                    else { return }
                    read[base + slot] = Account(id: try row.int64(0), balance: try row.int64(3))
                }
            }
        } catch {
            read.removeLast(Self.slotCount)
            swap(&read, &slots)
            throw error
        }
        swap(&read, &slots)
        playerIDs.append(playerID)
        if playerIDs.count > Self.listLimit {
            if positions.isEmpty { for (position, id) in playerIDs.enumerated() { positions[id] = position } }
            positions[playerID] = playerIDs.count - 1
        }
        return base
    }

    /// The slot of a `playerSQL` row (kind's first byte, the asset in column 2); nil for other kinds. `text` is a
    /// buffer the caller keeps across its rows.
    private static func slot(kindByte: UInt8?, assetIn row: borrowing SQLiteRow,
                             text: inout [UInt8]) throws(StoreError) -> Int? {
        let offset: Int
        switch kindByte {
        case UInt8(ascii: "a"): offset = 0
        case UInt8(ascii: "e"): offset = PlayerEventHoldings.assetKeys.count
        default: return nil
        }
        // Told by the first byte, but oil and ore by their bytes: no `String` for any row (making one and matching
        // it cost ~640 instructions an oil or ore row).
        switch try row.firstTextByte(2) {
        case UInt8(ascii: "g"): return offset + assetSlot(.gold)
        case UInt8(ascii: "w"): return offset + assetSlot(.wheat)
        default:
            text.removeAll(keepingCapacity: true)
            _ = try row.appendText(2, to: &text)
            if text == oilBytes { return offset + assetSlot(.oil) }
            if text == oreBytes { return offset + assetSlot(.ore) }
            return nil
        }
    }

    private static let oilBytes = Array(Asset.oil.rawValue.utf8)
    private static let oreBytes = Array(Asset.ore.rawValue.utf8)

    /// One player's accounts: a range of `accounts_player`.
    static let playerSQL = "SELECT id, kind, asset, balance FROM accounts WHERE player_id = ?"
}
