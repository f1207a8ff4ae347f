/// One message delivered by GetMessages: `receipt` identifies this delivery (use it to delete or extend), `id` is
/// the service's id for tracing, `deliveryCount` counts deliveries including this one.
///
/// A plain value handed from the client to its caller's thread.
public struct OCIQueueMessage: Sendable, Equatable, Codable {
    public var id: Int64
    public var content: String
    public var receipt: String
    public var deliveryCount: Int
    public var visibleAfter: String?
    public var expireAfter: String?

    public init(id: Int64, content: String, receipt: String, deliveryCount: Int, visibleAfter: String? = nil, expireAfter: String? = nil) {
        self.id = id
        self.content = content
        self.receipt = receipt
        self.deliveryCount = deliveryCount
        self.visibleAfter = visibleAfter
        self.expireAfter = expireAfter
    }
}

/// The JSON bodies of the OCI Queue messages API.
///
/// Plain values encoded and decoded on the client's thread.
enum OCIQueueJSON {
    struct PutRequest: Encodable {
        struct Entry: Encodable { var content: String }
        var messages: [Entry]
    }

    struct PutResponse: Decodable {
        struct Entry: Decodable { var id: Int64 }
        var messages: [Entry]
    }

    struct GetResponse: Decodable {
        var messages: [OCIQueueMessage]
    }

    struct DeleteRequest: Encodable {
        struct Entry: Encodable { var receipt: String }
        var entries: [Entry]
    }

    struct UpdateRequest: Encodable {
        var visibilityInSeconds: Int
    }

    /// DeleteMessages/UpdateMessages result: one entry per request entry, in order; a failed one has an error.
    struct BatchResponse: Decodable {
        struct Entry: Decodable {
            var errorMessage: String?
            var errorCode: ErrorCode?
        }
        var serverFailures: Int
        var clientFailures: Int
        var entries: [Entry]
    }

    /// An error code the service may send as a number or as a string.
    struct ErrorCode: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { text = String(number) } else { text = try container.decode(String.self) }
        }
    }

    /// The OCI error body `{"code","message"}`.
    struct ErrorBody: Decodable {
        var code: String?
        var message: String?
    }
}
