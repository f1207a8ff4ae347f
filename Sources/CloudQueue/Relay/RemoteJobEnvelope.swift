import Codecs
import HTTP
import Jobs

/// The content of one cross-node job message: the job to enqueue on the receiving node plus `key`, the idempotency
/// key the consumer dedupes on (`outbox/<row id>/<created at ms>`: stable across relay retries, so a message put twice
/// or delivered twice still runs once).
///
/// A plain value encoded as compact JSON by the relay and decoded by the consumer.
public struct RemoteJobEnvelope: Codable, Sendable, Equatable {
    /// Format version; the consumer refuses others.
    public var version: Int
    public var key: String
    public var kind: String
    public var payload: String
    public var priority: Int
    public var maxAttempts: Int?
    /// The sending node's name (for logs).
    public var origin: String
    /// When the job was enqueued on the sending node (Unix ms).
    public var createdAt: Int64
    /// The W3C trace id the job was enqueued under, so its log lines on the other node carry the same trace.
    public var traceId: String?

    enum CodingKeys: String, CodingKey {
        case version = "v", key, kind, payload, priority, maxAttempts, origin, createdAt, traceId
    }

    /// The envelope of an outbox row.
    public init(entry: JobOutbox.Entry, origin: String) {
        version = 1
        key = "outbox/\(entry.id)/\(entry.createdAt)"
        kind = entry.job.kind
        payload = entry.job.payload
        priority = entry.job.priority
        maxAttempts = entry.job.maxAttempts
        self.origin = origin
        createdAt = entry.createdAt
        traceId = entry.job.traceID
    }

    /// The job to insert on the receiving node, deduped by the envelope's key while it is active.
    public var job: NewJob {
        let traceID = traceId.flatMap { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0.lowercased() : nil }
        return NewJob(kind: kind, payload: payload, priority: priority, maxAttempts: maxAttempts, dedupeKey: "remote/\(key)",
                      traceID: traceID)
    }

    /// The message content (compact JSON, sorted keys).
    public func encoded() throws -> String {
        String(decoding: try JSONCoding.encode(self), as: UTF8.self)
    }

    /// Decodes a message content; nil when it is not a version-1 envelope.
    public static func decode(_ content: String) -> RemoteJobEnvelope? {
        guard let envelope = try? JSONCoding.decode(RemoteJobEnvelope.self, from: Array(content.utf8)), envelope.version == 1,
              !envelope.key.isEmpty, !envelope.kind.isEmpty
        else { return nil }
        return envelope
    }
}
