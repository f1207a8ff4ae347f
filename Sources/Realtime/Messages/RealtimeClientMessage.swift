import Foundation

/// One message a client sent over the gateway, parsed and validated: a JSON object whose `type` names it.
///
/// A plain value made by `parse(_:limits:)` on the connection's loop. Anything that is not exactly one of these shapes
/// becomes a `RealtimeMessageError` (answered with an `error` message), never a crash.
public enum RealtimeClientMessage: Sendable, Equatable {
    /// `{"type":"auth","token"}`: authenticate when the token was not given as `?token=`.
    case auth(token: String)
    /// `{"type":"subscribe","topics":[...]}`.
    case subscribe(topics: [String])
    /// `{"type":"unsubscribe","topics":[...]}`.
    case unsubscribe(topics: [String])
    /// `{"type":"resume","topic","fromSeq"}`: subscribe and replay the events after `fromSeq` from the window.
    case resume(topic: String, fromSeq: Int64)
    /// `{"type":"bid","auctionId","amount","requestId"}`, optionally with `"traceparent"` (W3C, as the REST header):
    /// the bid's trace then continues the caller's.
    case bid(auctionID: Int64, amount: Int64, requestID: String, traceparent: String?)
    /// `{"type":"merge","squareIds":[...],"requestId"}`: 1 to `maxMergeSquares` positive ids, checked as
    /// `POST /api/merges` checks its body (`out_of_range` for the count, then `wrong_type` for an element).
    case merge(squareIDs: [Int64], requestID: String)
    /// `{"type":"ping"}`.
    case ping

    /// Bounds applied while parsing.
    public struct Limits: Sendable {
        public var maxTopicsPerMessage: Int
        public var maxRequestIDBytes: Int
        public var maxTokenBytes: Int
        /// Most square ids in one `merge` (the REST route's bound).
        public var maxMergeSquares: Int

        public init(maxTopicsPerMessage: Int = 64, maxRequestIDBytes: Int = 128, maxTokenBytes: Int = 4_096,
                    maxMergeSquares: Int = 64) {
            self.maxTopicsPerMessage = maxTopicsPerMessage
            self.maxRequestIDBytes = maxRequestIDBytes
            self.maxTokenBytes = maxTokenBytes
            self.maxMergeSquares = maxMergeSquares
        }
    }

    /// Parses one text message.
    /// - Throws: `RealtimeMessageError` naming the first problem (bad JSON, not an object, unknown type, missing or
    ///   mistyped field, too many topics, a field too long).
    public static func parse(_ text: String, limits: Limits = Limits()) throws(RealtimeMessageError) -> RealtimeClientMessage {
        let data = Data(text.utf8)
        let type = try decode(Envelope.self, from: data).type
        switch type {
        case "auth":
            let token = try decode(AuthBody.self, from: data).token
            guard token.utf8.count <= limits.maxTokenBytes else {
                throw .fieldTooLong(field: "token", limitBytes: limits.maxTokenBytes)
            }
            return .auth(token: token)
        case "subscribe", "unsubscribe":
            let topics = try decode(TopicsBody.self, from: data).topics
            guard topics.count <= limits.maxTopicsPerMessage else {
                throw .tooManyTopics(limit: limits.maxTopicsPerMessage, requested: topics.count)
            }
            return type == "subscribe" ? .subscribe(topics: topics) : .unsubscribe(topics: topics)
        case "resume":
            let body = try decode(ResumeBody.self, from: data)
            guard body.fromSeq >= 0 else { throw .outOfRange(field: "fromSeq") }
            return .resume(topic: body.topic, fromSeq: body.fromSeq)
        case "bid":
            let body = try decode(BidBody.self, from: data)
            try checkRequestID(body.requestID, limits: limits)
            if let traceparent = body.traceparent, traceparent.utf8.count > maxTraceparentBytes {
                throw .fieldTooLong(field: "traceparent", limitBytes: maxTraceparentBytes)
            }
            return .bid(auctionID: body.auctionID, amount: body.amount, requestID: body.requestID,
                        traceparent: body.traceparent)
        case "merge":
            return try parseMerge(data, limits: limits)
        case "ping":
            return .ping
        default:
            throw .unknownType(type: String(type.prefix(64)))
        }
    }

    /// Longest `traceparent` accepted (a version-00 value is 55 bytes; later versions may append fields).
    static let maxTraceparentBytes = 256

    /// The `requestId` of a message, if it has a string one (so errors about it can be matched), else nil.
    public static func requestID(of text: String, limitBytes: Int = 128) -> String? {
        guard let probe = try? JSONDecoder().decode(RequestIDProbe.self, from: Data(text.utf8)),
              let requestID = probe.requestID, requestID.utf8.count <= limitBytes else { return nil }
        return requestID
    }

    /// A `merge`: the count is checked before the elements, in the REST route's order, so both give the same code.
    private static func parseMerge(_ data: Data, limits: Limits) throws(RealtimeMessageError) -> RealtimeClientMessage {
        let body = try decode(MergeBody.self, from: data)
        guard (1...max(1, limits.maxMergeSquares)).contains(body.squareIDs.count) else {
            throw .outOfRange(field: "squareIds")
        }
        var squareIDs: [Int64] = []
        squareIDs.reserveCapacity(body.squareIDs.count)
        for element in body.squareIDs {
            guard let id = element.id, id >= 1 else { throw .wrongType(field: "squareIds") }
            squareIDs.append(id)
        }
        try checkRequestID(body.requestID, limits: limits)
        return .merge(squareIDs: squareIDs, requestID: body.requestID)
    }

    private static func checkRequestID(_ requestID: String, limits: Limits) throws(RealtimeMessageError) {
        guard !requestID.isEmpty, requestID.utf8.count <= limits.maxRequestIDBytes else {
            throw .fieldTooLong(field: "requestId", limitBytes: limits.maxRequestIDBytes)
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(RealtimeMessageError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw RealtimeMessageError(error)
        } catch let error as RealtimeMessageError {
            throw error
        } catch {
            throw .invalidJSON
        }
    }

    /// The member every message has.
    private struct Envelope: Decodable { var type: String }
    /// `auth`'s members.
    private struct AuthBody: Decodable { var token: String }
    /// `subscribe`'s and `unsubscribe`'s members.
    private struct TopicsBody: Decodable { var topics: [String] }
    /// `resume`'s members.
    private struct ResumeBody: Decodable {
        var topic: String
        var fromSeq: Int64

        private enum CodingKeys: String, CodingKey { case topic, fromSeq }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            topic = try container.decode(String.self, forKey: .topic)
            fromSeq = try integer(container, .fromSeq)
        }
    }

    /// `bid`'s members.
    private struct BidBody: Decodable {
        var auctionID: Int64
        var amount: Int64
        var requestID: String
        var traceparent: String?

        private enum CodingKeys: String, CodingKey {
            case auctionID = "auctionId", amount, requestID = "requestId", traceparent
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            auctionID = try integer(container, .auctionID)
            amount = try integer(container, .amount)
            requestID = try container.decode(String.self, forKey: .requestID)
            traceparent = try container.decodeIfPresent(String.self, forKey: .traceparent)
        }
    }

    /// `merge`'s members; elements are kept even when they are not ids so the count can be checked first.
    private struct MergeBody: Decodable {
        var squareIDs: [SquareIDElement]
        var requestID: String

        private enum CodingKeys: String, CodingKey { case squareIDs = "squareIds", requestID = "requestId" }
    }

    /// One element of `squareIds`: its value when it is a 64-bit integer, else nil (any other JSON value).
    private struct SquareIDElement: Decodable {
        var id: Int64?

        init(from decoder: any Decoder) throws {
            id = try? decoder.singleValueContainer().decode(Int64.self)
        }
    }

    /// A 64-bit integer member; a whole number beyond 64 bits is `outOfRange`, a fraction is a type mismatch at `key`
    /// (Foundation reports it without the key otherwise).
    private static func integer<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Int64 {
        guard container.contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: container.codingPath, debugDescription: "missing"))
        }
        if let value = try? container.decode(Int64.self, forKey: key) { return value }
        // A whole number too large for 64 bits (`1e30`, `99999999999999999999`) is out of range, as the REST body says.
        if let number = try? container.decode(Double.self, forKey: key), number.isFinite, number == number.rounded(),
           number >= 0x1p63 || number < -0x1p63 {
            throw RealtimeMessageError.outOfRange(field: key.stringValue)
        }
        throw DecodingError.typeMismatch(Int64.self, .init(codingPath: container.codingPath + [key],
                                                           debugDescription: "not a 64-bit integer"))
    }
    /// Just the `requestId`, to label errors about an otherwise broken message.
    private struct RequestIDProbe: Decodable {
        var requestID: String?

        private enum CodingKeys: String, CodingKey { case requestID = "requestId" }
    }
}
