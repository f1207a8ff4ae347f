import Codecs
/// Where a queue's messages live: the queue's `messagesEndpoint` (`https://host[:port]`, read from GetQueue or the
/// Console) split into what the TCP connection, the `host` header and the signature need, plus the queue OCID.
///
/// An immutable value.
public struct OCIQueueEndpoint: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let queueId: String

    /// The `host` header as signed and sent: the port only when it is not 443.
    public var hostHeader: String { port == 443 ? host : "\(host):\(port)" }

    /// The data-plane path of the queue: `/20210201/queues/{queueId}`.
    public var queuePath: String { "/20210201/queues/\(OCIQueueEndpoint.escapePathSegment(queueId))" }

    /// Parses `messagesEndpoint`.
    /// - Throws: `OCIQueueError.invalidEndpoint` unless it is `https://host[:port][/]`.
    public init(messagesEndpoint: String, queueId: String) throws(OCIQueueError) {
        guard messagesEndpoint.hasPrefix("https://"), !queueId.isEmpty else { throw .invalidEndpoint(messagesEndpoint) }
        var authority = Substring(messagesEndpoint.dropFirst("https://".count))
        while authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@") else { throw .invalidEndpoint(messagesEndpoint) }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(port) else {
                throw .invalidEndpoint(messagesEndpoint)
            }
            host = String(authority[..<colon])
            self.port = port
        } else {
            host = String(authority)
            port = 443
        }
        guard !host.isEmpty else { throw .invalidEndpoint(messagesEndpoint) }
        self.queueId = queueId
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (receipts and OCIDs in paths).
    public static func escapePathSegment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + Hex.encode([byte], case: .upper)
            }
        }
        return result
    }
}
