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

    /// `events` with holdings added to every `player:{id}` event. One statement reads every concerned player's
    /// accounts (a resource run's chunk may concern hundreds of owners), whatever their number.
    /// - Throws: `GameError.store` when the ledger cannot be read (the caller's command rolls back).
    public static func annotate(_ events: [DomainEvent], in database: any SQLExecutor) throws(GameError) -> [DomainEvent] {
        let players = Set(events.compactMap { playerID(topic: $0.topic) })
        guard !players.isEmpty else { return events }
        let holdings = try self.holdings(of: players, in: database)
        var annotated = events
        for index in annotated.indices {
            guard let playerID = playerID(topic: annotated[index].topic) else { continue }
            annotated[index].dataJSON = merged(annotated[index].dataJSON,
                                               holdings: json(holdings[playerID] ?? PlayerHoldings()))
        }
        return annotated
    }

    /// The holdings of each of `players` (players without accounts are absent), as `Ledger.holdings` reads them.
    static func holdings(of players: Set<Int64>, in database: any SQLExecutor) throws(GameError) -> [Int64: PlayerHoldings] {
        let list = "[" + players.sorted().map(String.init).joined(separator: ",") + "]"
        let rows = try storeCall { () throws(StoreError) in
            try database.query("""
                SELECT \(LedgerAccount.columns) FROM accounts
                WHERE player_id IN (SELECT value FROM json_each(?)) AND kind IN ('available', 'escrow')
                """, [list])
        }
        var result: [Int64: PlayerHoldings] = [:]
        for row in rows {
            let account = try LedgerAccount(row: row)
            guard let playerID = account.playerID else { continue }
            switch account.kind {
            case .available: result[playerID, default: PlayerHoldings()].available[account.asset] = account.balance
            case .escrow: result[playerID, default: PlayerHoldings()].escrow[account.asset] = account.balance
            default: break
            }
        }
        return result
    }

    /// The player id of a `player:{id}` topic, nil for any other topic.
    static func playerID(topic: String) -> Int64? {
        guard topic.hasPrefix("player:") else { return nil }
        return Int64(topic.dropFirst("player:".count)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// `{"balances":{...},"escrow":{...}}` with assets in name order.
    static func json(_ holdings: PlayerHoldings) -> [UInt8] {
        func amounts(_ values: [Asset: Int64]) -> String {
            Asset.allCases.sorted { $0.rawValue < $1.rawValue }
                .map { #""\#($0.rawValue)":\#(values[$0] ?? 0)"# }.joined(separator: ",")
        }
        return Array(#"{"balances":{\#(amounts(holdings.available))},"escrow":{\#(amounts(holdings.escrow))}}"#.utf8)
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
