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
        // Each player's holdings are written once, then spliced into each of their events with one allocation per
        // event: no sets or dictionaries for the one or two players of a bid or an order (this and the event
        // coding cost a node's bid ~23k instructions, of which the hashing, the copies and the topic parsing most).
        var owners: [Int64] = []
        owners.reserveCapacity(events.count)
        var memo = HoldingsMemo()
        var unread: Set<Int64> = []
        for event in events {
            let playerID = playerID(topic: event.topic) ?? 0
            owners.append(playerID)
            guard playerID != 0, !memo.contains(playerID), !unread.contains(playerID) else { continue }
            if let balances = accounts?.balances(of: playerID) {
                memo.add(playerID, json(balances))
            } else {
                unread.insert(playerID)
            }
        }
        guard owners.contains(where: { $0 != 0 }) else { return events }
        if !unread.isEmpty {
            let read = try balances(of: unread, in: database)
            for playerID in unread { memo.add(playerID, json(read[playerID] ?? Balances())) }
        }
        var annotated = events
        for (index, playerID) in owners.enumerated() where playerID != 0 {
            annotated[index].dataJSON = merged(annotated[index].dataJSON, holdings: memo.json(of: playerID))
        }
        return annotated
    }

    /// The holdings JSON of each player an `annotate` call met: a short list searched in order (a bid or an order
    /// names one or two players), indexed by a dictionary once it grows (a resource run's hundreds of owners).
    private struct HoldingsMemo {
        private var playerIDs: [Int64] = []
        private var jsons: [[UInt8]] = []
        private var index: [Int64: Int] = [:]
        private static let listLimit = 8

        func contains(_ playerID: Int64) -> Bool {
            position(of: playerID) != nil
        }

        mutating func add(_ playerID: Int64, _ json: [UInt8]) {
            playerIDs.append(playerID)
            jsons.append(json)
            if playerIDs.count > Self.listLimit {
                if index.isEmpty { for (position, id) in playerIDs.enumerated() { index[id] = position } }
                index[playerID] = playerIDs.count - 1
            }
        }

        /// The JSON added for `playerID` (every annotated player was added).
        func json(of playerID: Int64) -> [UInt8] {
            guard let position = position(of: playerID) else { preconditionFailure("holdings of an unmet player") }
            return jsons[position]
        }

        private func position(of playerID: Int64) -> Int? {
            playerIDs.count > Self.listLimit ? index[playerID] : playerIDs.firstIndex(of: playerID)
        }
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

    /// The player id of a `player:{id}` topic, nil for any other topic: what `Int64(topic.dropFirst("player:".count))`
    /// gives when the topic has that prefix (an optional `+`, decimal digits, no overflow), kept only when positive.
    /// Read from the topic's UTF-8 bytes: `hasPrefix` and the `Substring` parse cost ~1k instructions an event.
    static func playerID(topic: String) -> Int64? {
        var topic = topic
        return topic.withUTF8 { bytes -> Int64? in
            guard bytes.count > playerPrefix.count, bytes.starts(with: playerPrefix) else { return nil }
            var offset = playerPrefix.count
            if bytes[offset] == UInt8(ascii: "+") { offset += 1 }
            // A `-` gives no positive id whatever follows.
            guard offset < bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[offset...] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowedAgain) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflowed, !overflowedAgain else { return nil }
                value = sum
            }
            return value > 0 ? value : nil
        }
    }

    /// The bytes every player topic starts with.
    private static let playerPrefix: [UInt8] = Array("player:".utf8)

    /// `{"balances":{...},"escrow":{...}}` with assets in name order, written as bytes (every bid and order event
    /// carries one).
    static func json(_ balances: Balances) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        bytes.append(contentsOf: balancesOpening)
        appendAmounts(balances.amounts, from: 0, to: &bytes)
        bytes.append(contentsOf: escrowOpening)
        appendAmounts(balances.amounts, from: assetKeys.count, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Each asset's `"name":` key bytes, in name order.
    static let assetKeys: [(asset: Asset, key: [UInt8])] = Asset.allCases
        .sorted { $0.rawValue < $1.rawValue }
        .map { ($0, Array(#""\#($0.rawValue)":"#.utf8)) }

    private static let balancesOpening: [UInt8] = Array(#"{"balances":{"#.utf8)
    private static let escrowOpening: [UInt8] = Array(#"},"escrow":{"#.utf8)

    /// The amounts `amounts[start...]`, one per asset, as `"name":N` members.
    private static func appendAmounts(_ amounts: [Int64], from start: Int, to bytes: inout [UInt8]) {
        let keys = assetKeys
        for offset in keys.indices {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: keys[offset].key)
            JSONWriter.writeInteger(amounts[start + offset], into: &bytes)
        }
    }

    /// `object` (a JSON object's bytes) with `"holdings":…` appended as its last member; other bytes unchanged
    /// (whitespace after the closing brace is dropped).
    static func merged(_ object: [UInt8], holdings: [UInt8]) -> [UInt8] {
        guard object.first == UInt8(ascii: "{"), let last = object.lastIndex(where: { !isWhitespace($0) }),
              object[last] == UInt8(ascii: "}") else { return object }
        let isEmpty = object[1..<last].allSatisfy(isWhitespace)
        let member = isEmpty ? memberKey : memberKeyAfterComma
        var result: [UInt8] = []
        result.reserveCapacity(last + member.count + holdings.count + 1)
        result.append(contentsOf: object[..<last])
        result.append(contentsOf: member)
        result.append(contentsOf: holdings)
        result.append(UInt8(ascii: "}"))
        return result
    }

    /// `"holdings":`, and the same after a comma.
    private static let memberKey: [UInt8] = Array(#""\#(member)":"#.utf8)
    private static let memberKeyAfterComma: [UInt8] = Array(#","\#(member)":"#.utf8)

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
