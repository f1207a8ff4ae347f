import HTTP
import TLS

/// HTTPS for `HTTPClient`: a verified `TLSClientStream` behind the `HTTPClientTransport` protocol, so the OCI client
/// reuses the HTTP module's request serialisation, response framing and keep-alive.
///
/// Owned by the thread that owns the client.
public final class TLSHTTPTransport: HTTPClientTransport {
    private let stream: TLSClientStream

    private init(stream: TLSClientStream) {
        self.stream = stream
    }

    /// A connector that opens TLS connections with `context`, verifying the certificate against `host` (or
    /// `serverName` when given).
    public static func connector(context: TLSClientContext, serverName: String? = nil) -> HTTPClientConnector {
        { (host: String, port: Int, _: Duration) throws(HTTPClientError) -> any HTTPClientTransport in
            do throws(TLSError) {
                let stream = try TLSClientStream.connect(host: host, port: port, context: context, serverName: serverName)
                return TLSHTTPTransport(stream: stream)
            } catch {
                throw Self.map(error, host: host, port: port)
            }
        }
    }

    public func send(_ bytes: [UInt8]) throws(HTTPClientError) {
        do { try stream.send(bytes) } catch { throw Self.map(error, host: stream.serverName, port: 0) }
    }

    public func receive() throws(HTTPClientError) -> [UInt8] {
        do { return try stream.receive() } catch { throw Self.map(error, host: stream.serverName, port: 0) }
    }

    public func close() {
        stream.closeGracefully()
    }

    private static func map(_ error: TLSError, host: String, port: Int) -> HTTPClientError {
        switch error {
        case .timedOut: .timedOut
        case .closed, .io: .connectionClosed
        case .connectFailed: .connectFailed(host: host, port: port, errno: 0)
        case .context, .certificateRejected, .handshakeFailed: .transportFailed(host: host, port: port, reason: "\(error)")
        }
    }
}
