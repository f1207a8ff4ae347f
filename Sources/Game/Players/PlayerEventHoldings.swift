import Codecs
import Store

/// Adds each player's holdings after a change to that player's own events, so a client updates its balances from
/// the event alone, without a reload.
///
/// Every `player:{id}` event's data (a JSON object) gets a `holdings` member,
/// `{"balances":{"gold":N,"oil":N,"ore":N,"wheat":N},"escrow":{...}}`, the same two maps as `GET /api/me`, read in
/// the writer command that made the change (after it), so the values are those that commit with it. Only the
/// topic's own player's holdings are added; other topics are left as they are. `EventBus.publish(_:after:)` calls it
/// on the writer thread for every publication, so no rule has to remember it.
public enum PlayerEventHoldings {
    /// The member name added to the data of `player:{id}` events.
    public static let member = "holdings"

    /// `events` with holdings added to every `player:{id}` event. The players whose accounts `accounts` (the
    /// command's ledger accounts, through which all its moves went) already read are taken from there; the others are
    /// read, one or two players one statement each, more in one statement (a resource run's chunk may concern
    /// hundreds of owners).
    /// - Throws: `GameError.store` when the ledger cannot be read (the caller's command rolls back).
    public static func annotate(_ events: [DomainEvent], accounts: LedgerAccounts? = nil,
                                in database: any SQLExecutor) throws(GameError) -> [DomainEvent] {
        var players = Set(events.compactMap { playerID(topic: $0.topic) })
        guard !players.isEmpty else { return events }
        var known: [Int64: Balances] = [:]
        if let accounts {
            for playerID in players {
                guard let balances = accounts.balances(of: playerID) else { continue }
                known[playerID] = balances
                players.remove(playerID)
            }
        }
        let balances = players.isEmpty ? known : try self.balances(of: players, in: database)
            .merging(known) { read, _ in read }
        var holdingsJSON: [Int64: [UInt8]] = [:]
        var annotated = events
        for index in annotated.indices {
            guard let playerID = playerID(topic: annotated[index].topic) else { continue }
            let holdings = holdingsJSON[playerID] ?? json(balances[playerID] ?? Balances())
            holdingsJSON[playerID] = holdings
            annotated[index].dataJSON = merged(annotated[index].dataJSON, holdings: holdings)
        }
        return annotated
    }

    /// The holdings of each of `players` (players without accounts are absent), as `Ledger.holdings` reads them.
    static func holdings(of players: Set<Int64>, in database: any SQLExecutor) throws(GameError) -> [Int64: PlayerHoldings] {
        try balances(of: players, in: database).mapValues { balances in
            var holdings = PlayerHoldings()
            for (slot, entry) in assetKeys.enumerated() {
                holdings.available[entry.asset] = balances.amounts[slot]
                holdings.escrow[entry.asset] = balances.amounts[assetKeys.count + slot]
            }
            return holdings
        }
    }

    /// One player's available then escrow balances, each in `assetKeys` order: what the JSON writes, without the
    /// dictionaries keyed by `Asset` (whose hashing hashes the raw value's text) that `PlayerHoldings` holds.
    struct Balances {
        var amounts = [Int64](repeating: 0, count: 2 * PlayerEventHoldings.assetKeys.count)
    }

    /// The balances of each of `players` with accounts, read by column position (no `Row`, no `LedgerAccount`).
    static func balances(of players: Set<Int64>, in database: any SQLExecutor) throws(GameError) -> [Int64: Balances] {
        var result: [Int64: Balances] = [:]
        try storeCall { () throws(StoreError) in
            let read = { (row: borrowing SQLiteRow) throws(StoreError) in
                let playerID = try row.int64(0)
                let kindOffset: Int
                switch try row.string(1) {
                case AccountKind.available.rawValue: kindOffset = 0
                case AccountKind.escrow.rawValue: kindOffset = assetKeys.count
                default: return
                }
                let asset = try row.string(2)
                guard let slot = assetKeys.firstIndex(where: { $0.asset.rawValue == asset }) else { return }
                result[playerID, default: Balances()].amounts[kindOffset + slot] = try row.int64(3)
            }
            guard players.count > onePlayerStatementLimit else {
                for playerID in players.sorted() { try database.forEachRow(onePlayerSQL, [playerID], read) }
                return
            }
            let list = "[" + players.sorted().map(String.init).joined(separator: ",") + "]"
            try database.forEachRow(manyPlayersSQL, [list], read)
        }
        return result
    }

    /// Up to this many players are read one statement each: a bid concerns one player and a trade two, and a range of
    /// the `accounts_player` index costs far less than the temporary tables SQLite builds for the `IN` lists of
    /// `manyPlayersSQL`. A resource run's hundreds of owners still take one statement.
    static let onePlayerStatementLimit = 2

    /// Every account of one player (only the available and escrow ones are kept).
    static let onePlayerSQL = "SELECT player_id, kind, asset, balance FROM accounts WHERE player_id = ?"

    /// The available and escrow accounts of the players in a JSON array.
    static let manyPlayersSQL = """
        SELECT player_id, kind, asset, balance FROM accounts
        WHERE player_id IN (SELECT value FROM json_each(?)) AND kind IN ('available', 'escrow')
        """

    /// The player id of a `player:{id}` topic, nil for any other topic.
    static func playerID(topic: String) -> Int64? {
        guard topic.hasPrefix("player:") else { return nil }
        return Int64(topic.dropFirst("player:".count)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// `{"balances":{...},"escrow":{...}}` with assets in name order, written as bytes (every bid and order event
    /// carries one).
    static func json(_ balances: Balances) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(112)
        bytes.append(contentsOf: #"{"balances":{"#.utf8)
        appendAmounts(balances.amounts[..<assetKeys.count], to: &bytes)
        bytes.append(contentsOf: #"},"escrow":{"#.utf8)
        appendAmounts(balances.amounts[assetKeys.count...], to: &bytes)
        bytes.append(contentsOf: "}}".utf8)
        return bytes
    }

    /// Each asset's `"name":` key bytes, in name order.
    static let assetKeys: [(asset: Asset, key: [UInt8])] = Asset.allCases
        .sorted { $0.rawValue < $1.rawValue }
        .map { ($0, Array(#""\#($0.rawValue)":"#.utf8)) }

    private static func appendAmounts(_ amounts: ArraySlice<Int64>, to bytes: inout [UInt8]) {
        for (offset, amount) in amounts.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: assetKeys[offset].key)
            JSONWriter.writeInteger(amount, into: &bytes)
        }
    }

    /// `object` (a JSON object's bytes) with `"holdings":…` appended as its last member; other bytes unchanged.
    static func merged(_ object: [UInt8], holdings: [UInt8]) -> [UInt8] {
        guard let last = object.lastIndex(where: { !isWhitespace($0) }), object[last] == UInt8(ascii: "}"),
              object.first == UInt8(ascii: "{") else { return object }
        let isEmpty = object[1..<last].allSatisfy(isWhitespace)
        var result = Array(object[..<last])
        result.append(contentsOf: Array((isEmpty ? #""\#(member)":"# : #","\#(member)":"#).utf8))
        result.append(contentsOf: holdings)
        result.append(UInt8(ascii: "}"))
        return result
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
