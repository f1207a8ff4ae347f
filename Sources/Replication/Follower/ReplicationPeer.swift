/// The primary a standby follows, parsed from `--peer http://host:port`.
///
/// Plain HTTP only (the pair talks over a private link or localhost; TLS between nodes is not built). Immutable.
public struct ReplicationPeer: Sendable, Equatable {
    public let url: String
    public let host: String
    public let port: Int

    public init(url: String) throws(ReplicationError) {
        guard url.hasPrefix("http://") else { throw .invalidPeerURL(url: url) }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
              (1...65535).contains(port), colon != rest.startIndex else { throw .invalidPeerURL(url: url) }
        self.url = url
        host = String(rest[..<colon])
        self.port = port
    }
}
