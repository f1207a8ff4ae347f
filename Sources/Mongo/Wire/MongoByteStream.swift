import Net

/// The byte stream a `MongoConnection` talks over: plain TCP (`TCPMongoStream`) or TLS, chosen by the client's
/// `MongoStreamFactory`.
///
/// Blocking calls made by the one thread that owns the connection; `close()` may come from any thread.
public protocol MongoByteStream: AnyObject, Sendable {
    /// Sends every byte or throws.
    func send(_ bytes: [UInt8]) throws
    /// Receives up to `maxBytes`; an empty result means the peer closed the connection.
    func receive(maxBytes: Int) throws -> [UInt8]
    /// Closes the stream; idempotent.
    func close()
}

/// Opens a stream to one server; the TLS flag comes from the URI (`tls=true`, always for `mongodb+srv://`).
public typealias MongoStreamFactory = @Sendable (_ host: String, _ port: Int, _ useTLS: Bool,
                                                   _ timeout: Duration) throws -> any MongoByteStream

/// A plain TCP stream over `SystemBlockingSocket` (tests, local servers, and deployments that terminate TLS elsewhere).
///
/// Owned by the connection that opened it.
public final class TCPMongoStream: MongoByteStream {
    private let socket: SystemBlockingSocket

    public init(socket: SystemBlockingSocket) {
        self.socket = socket
    }

    /// The factory for plain TCP; it refuses `useTLS` rather than silently sending credentials in clear text.
    public static let factory: MongoStreamFactory = { host, port, useTLS, timeout in
        guard !useTLS else { throw MongoError.tlsUnavailable(host: host) }
        return TCPMongoStream(socket: try SystemBlockingSocket.connect(host: host, port: port, timeout: timeout))
    }

    public func send(_ bytes: [UInt8]) throws { try socket.send(bytes) }

    public func receive(maxBytes: Int) throws -> [UInt8] { try socket.receive(maxBytes: maxBytes) }

    public func close() { socket.close() }
}
