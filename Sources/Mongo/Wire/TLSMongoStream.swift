import TLS

/// A TLS stream to a MongoDB server (Atlas requires TLS 1.2+): certificate chain and host name verified, SNI set to
/// the member's host name, over the `TLS` module's OpenSSL client.
///
/// Owned by the connection that opened it.
public final class TLSMongoStream: MongoByteStream {
    private let stream: TLSClientStream

    public init(stream: TLSClientStream) {
        self.stream = stream
    }

    /// A factory that opens TLS streams with `context` when the URI asks for TLS, and plain TCP otherwise.
    public static func factory(context: TLSClientContext) -> MongoStreamFactory {
        { host, port, useTLS, timeout in
            guard useTLS else { return try TCPMongoStream.factory(host, port, false, timeout) }
            return TLSMongoStream(stream: try TLSClientStream.connect(host: host, port: port, context: context, serverName: nil))
        }
    }

    public func send(_ bytes: [UInt8]) throws { try stream.send(bytes) }

    public func receive(maxBytes: Int) throws -> [UInt8] { try stream.receive(maxBytes: maxBytes) }

    public func close() { stream.close() }
}
