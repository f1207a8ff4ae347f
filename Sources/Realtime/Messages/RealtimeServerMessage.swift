import WebSocket

/// A message the gateway sends to a client, rendered as one JSON text frame with a `"type"`.
///
/// A plain value; `text` builds the JSON by hand (keys in a fixed order, strings escaped by `RealtimeJSON`) so an
/// event's data bytes, already JSON, are spliced in without re-encoding. Any thread.
public enum RealtimeServerMessage: Sendable, Equatable {
    /// A committed change on a subscribed topic. `event` is the domain event's type (`bid_placed`...).
    case event(topic: String, seq: Int64, event: String, dataJSON: [UInt8])
    /// The token was accepted.
    case authenticated(playerID: Int64, expiresAt: Int64)
    /// Subscriptions now in place, with each topic's latest `seq` (the next event carries `latestSeq + 1`).
    case subscribed(topics: [(topic: String, latestSeq: Int64)])
    case unsubscribed(topics: [String])
    /// A command's answer: `resultJSON` (the REST route's response body) goes under `data`.
    case result(requestID: String, resultJSON: [UInt8])
    case error(requestID: String?, code: String, message: String)
    /// The client's `fromSeq` is outside the window: refetch over REST, then continue from `latestSeq`.
    case resync(topic: String, latestSeq: Int64)
    case pong

    /// The JSON text.
    public var text: String {
        switch self {
        case .event(let topic, let seq, let event, let data):
            return #"{"type":"event","topic":\#(RealtimeJSON.quote(topic)),"seq":\#(seq),"event":\#(RealtimeJSON.quote(event)),"data":"#
                + RealtimeJSON.object(data) + "}"
        case .authenticated(let playerID, let expiresAt):
            return #"{"type":"authenticated","playerId":\#(playerID),"expiresAt":\#(expiresAt)}"#
        case .subscribed(let topics):
            let names = topics.map { RealtimeJSON.quote($0.topic) }.joined(separator: ",")
            let seqs = topics.map { "\(RealtimeJSON.quote($0.topic)):\($0.latestSeq)" }.joined(separator: ",")
            return #"{"type":"subscribed","topics":[\#(names)],"latestSeq":{\#(seqs)}}"#
        case .unsubscribed(let topics):
            return #"{"type":"unsubscribed","topics":[\#(topics.map(RealtimeJSON.quote).joined(separator: ","))]}"#
        case .result(let requestID, let resultJSON):
            return #"{"type":"result","requestId":\#(RealtimeJSON.quote(requestID)),"data":"#
                + RealtimeJSON.object(resultJSON) + "}"
        case .error(let requestID, let code, let message):
            let request = requestID.map { #","requestId":\#(RealtimeJSON.quote($0))"# } ?? ""
            return #"{"type":"error"\#(request),"code":\#(RealtimeJSON.quote(code)),"message":\#(RealtimeJSON.quote(message))}"#
        case .resync(let topic, let latestSeq):
            return #"{"type":"resync","topic":\#(RealtimeJSON.quote(topic)),"latestSeq":\#(latestSeq)}"#
        case .pong:
            return #"{"type":"pong"}"#
        }
    }

    /// The message as a frame, ready for one or many connections. An `event` (every committed event, encoded by the
    /// hub on the publishing thread) is written straight as bytes, the same bytes as `text`'s (see `eventPayload`).
    public var outbound: WebSocketOutboundMessage {
        if case .event(let topic, let seq, let event, let data) = self {
            return WebSocketOutboundMessage(textPayload: Self.eventPayload(topic: topic, seq: seq, event: event,
                                                                           dataJSON: data))
        }
        return WebSocketOutboundMessage(text: text)
    }

    public static func == (lhs: RealtimeServerMessage, rhs: RealtimeServerMessage) -> Bool { lhs.text == rhs.text }
}
