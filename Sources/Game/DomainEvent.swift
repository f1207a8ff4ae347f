import Codecs

/// A change the game made, described for subscribers: published only after the transaction that made it commits.
///
/// Game rules return or collect these; the layer that runs the transaction hands them to the `EventBus` from an
/// `afterCommit` action, so events leave the process in commit order and never for rolled-back work.
/// Secrecy: a blind auction's event never carries an amount (the rules that build events are responsible).
public struct DomainEvent: Sendable, Equatable {
    /// The subscription topic: `square:{id}`, `region:{id}`, `auction:{id}`, `auctions`, `market:{resource}`,
    /// or `player:{id}` (delivered to that player's `player:me` only).
    public var topic: String
    /// What happened, snake_case: `bid_placed`, `auction_settled`, `square_updated`, `trade_executed`...
    public var type: String
    /// The event's data as a JSON object (UTF-8), built by the rule that made the change.
    public var dataJSON: [UInt8]

    public init(topic: String, type: String, dataJSON: [UInt8]) {
        self.topic = topic
        self.type = type
        self.dataJSON = dataJSON
    }

    /// An event whose data is `data` encoded as JSON (sorted keys, so the bytes are deterministic).
    public init(topic: String, type: String, data: some Encodable) throws {
        self.init(topic: topic, type: type, dataJSON: try JSONCoding.encode(data))
    }
}
