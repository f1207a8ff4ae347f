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

    /// `events` with holdings added to every `player:{id}` event (each player's holdings read once).
    /// - Throws: `GameError.store` when the ledger cannot be read (the caller's command rolls back).
    public static func annotate(_ events: [DomainEvent], in database: any SQLExecutor) throws(GameError) -> [DomainEvent] {
        var cache: [Int64: [UInt8]] = [:]
        var annotated = events
        for index in annotated.indices {
            guard let playerID = playerID(topic: annotated[index].topic) else { continue }
            let holdings: [UInt8]
            if let cached = cache[playerID] {
                holdings = cached
            } else {
                holdings = json(try Ledger.holdings(playerID: playerID, in: database))
                cache[playerID] = holdings
            }
            annotated[index].dataJSON = merged(annotated[index].dataJSON, holdings: holdings)
        }
        return annotated
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
