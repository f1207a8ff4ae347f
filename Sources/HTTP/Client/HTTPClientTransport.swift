import Net

/// The byte stream an `HTTPClient` runs over: plain TCP by default (`TCPClientTransport`), or TLS supplied by a
/// higher module (the cloud clients wrap a `TLSClientStream`), so HTTPS reuses the client's framing and keep-alive.
///
/// Owned and driven by the one thread that owns the client.
public protocol HTTPClientTransport: AnyObject {
    /// Sends all of `bytes`. Throws `.timedOut`, `.connectionClosed` or `.transportFailed`.
    func send(_ bytes: [UInt8]) throws(HTTPClientError)
    /// Receives the next bytes; empty when the peer closed. Throws `.timedOut`, `.connectionClosed` or `.transportFailed`.
    func receive() throws(HTTPClientError) -> [UInt8]
    /// Closes the stream; idempotent.
    func close()
}

/// Opens a transport to `host:port` with the client's timeout; `HTTPClient` calls it for every new connection.
public typealias HTTPClientConnector = (_ host: String, _ port: Int, _ timeout: Duration) throws(HTTPClientError)
    -> any HTTPClientTransport

/// Plain TCP for `HTTPClient`: a `SystemBlockingSocket` whose errors are mapped to `HTTPClientError`.
///
/// Owned by the client's thread, like the client.
public final class TCPClientTransport: HTTPClientTransport {
    private let socket: SystemBlockingSocket

    /// Connects to `host:port`; `timeout` also bounds each later send and receive.
    /// - Throws: `HTTPClientError.connectFailed` or `.timedOut`.
    public static func connect(host: String, port: Int, timeout: Duration) throws(HTTPClientError) -> TCPClientTransport {
        do {
            return TCPClientTransport(socket: try SystemBlockingSocket.connect(host: host, port: port, timeout: timeout))
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .system(_, let code): throw .connectFailed(host: host, port: port, errno: code)
            case .invalidAddress, .closed: throw .connectFailed(host: host, port: port, errno: 0)
            }
        }
    }

    private init(socket: SystemBlockingSocket) {
        self.socket = socket
    }

    public func send(_ bytes: [UInt8]) throws(HTTPClientError) {
        do { try socket.send(bytes) } catch { throw error == .timedOut ? .timedOut : .connectionClosed }
    }

    public func receive() throws(HTTPClientError) -> [UInt8] {
        do { return try socket.receive() } catch { throw error == .timedOut ? .timedOut : .connectionClosed }
    }

    public func close() {
        socket.close()
    }
}
