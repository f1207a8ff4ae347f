/// A subscription topic: what a client names in `subscribe` and what a `DomainEvent.topic` names on the bus.
///
/// A plain value. Clients write `square:{id}`, `region:{id}`, `auction:{id}`, `auctions`, `market:{wheat|oil|ore}`,
/// `market:land` (land listings opened and closed) and `player:me`; the bus names a player's topic `player:{id}`, and only that player may subscribe to it (as `player:me`
/// or `player:{own id}`). `key` is the bus name; `clientName` is what the player's messages carry.
public enum RealtimeTopic: Hashable, Sendable {
    case square(Int64)
    case region(Int64)
    case auction(Int64)
    case auctions
    case market(String)
    case player(Int64)

    /// The resources a market topic may name.
    public static let marketResources: Set<String> = ["wheat", "oil", "ore"]
    /// What a market topic may name: a resource's book and trades, or `land` for listings (`MarketEvents.landTopic`).
    public static let marketTopics: Set<String> = marketResources.union(["land"])

    /// Parses a topic named on the bus (`DomainEvent.topic`); nil for anything else (such events are not carried).
    public init?(busName: String) {
        switch Self.readASCII(busName: busName) {
        case .topic(let topic):
            self = topic
        case .invalid:
            return nil
        case .notASCII:
            guard let topic = try? Self.parse(busName, requesterID: nil) else { return nil }
            self = topic
        }
    }

    /// Parses `name` as written by a client whose player id is `requesterID`, and checks they may subscribe.
    /// - Throws: `.invalidTopic` for an unknown or malformed name, `.forbidden` for another player's topic.
    public static func parse(_ name: String, requesterID: Int64?) throws(RealtimeTopicError) -> RealtimeTopic {
        if name == "auctions" { return .auctions }
        guard name.utf8.count <= 64, let colon = name.firstIndex(of: ":") else { throw .invalidTopic(name: name) }
        let kind = name[..<colon]
        let argument = String(name[name.index(after: colon)...])
        switch kind {
        case "square": return .square(try identifier(argument, topic: name))
        case "region": return .region(try identifier(argument, topic: name))
        case "auction": return .auction(try identifier(argument, topic: name))
        case "market":
            guard marketTopics.contains(argument) else { throw .invalidTopic(name: name) }
            return .market(argument)
        case "player":
            if argument == "me", let requesterID { return .player(requesterID) }
            let playerID = try identifier(argument, topic: name)
            if let requesterID, requesterID != playerID { throw .forbidden(name: name) }
            return .player(playerID)
        default:
            throw .invalidTopic(name: name)
        }
    }

    /// The topic's name on the bus and in the hub (`player:{id}` for player topics).
    public var key: String {
        switch self {
        case .square(let id): "square:\(id)"
        case .region(let id): "region:\(id)"
        case .auction(let id): "auction:\(id)"
        case .auctions: "auctions"
        case .market(let resource): "market:\(resource)"
        case .player(let id): "player:\(id)"
        }
    }

    /// The name in messages to clients: `player:me` for a player's own topic, `key` otherwise.
    public var clientName: String {
        if case .player = self { return "player:me" }
        return key
    }

    /// A positive decimal id without sign or leading zeros.
    private static func identifier(_ text: String, topic: String) throws(RealtimeTopicError) -> Int64 {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"), text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int64(text), value > 0 else { throw .invalidTopic(name: topic) }
        return value
    }
}
