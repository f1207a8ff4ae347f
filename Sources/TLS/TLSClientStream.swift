import Net
import Synchronization

/// A blocking TLS client connection: TCP connect, a verified handshake (chain against the context's CAs, hostname or
/// IP address, SNI, TLS 1.2 or later), then reads and writes of application bytes with the configured timeout.
///
/// For code that may block (clients of cloud services on their own threads, tests, the CLI); never used on an event
/// loop. One thread drives a stream at a time; it may be handed to another thread between calls. `close()` may be
/// called from any thread and wakes a thread blocked in `receive`.
/// See RFC 8446 (TLS 1.3), RFC 6125 (name checks, done by OpenSSL's `X509_check_host`) and RFC 6066 §3 (SNI).
public final class TLSClientStream: @unchecked Sendable {
    // Safety: `session` (an OpenSSL `SSL`) is driven by one thread at a time, as documented above; `close()` from
    // another thread only touches `socket` (whose `close()` is thread-safe) and the atomic `isClosed`.
    private let socket: SystemBlockingSocket
    private let session: OpenSSLSession
    private let isClosed = Atomic<Bool>(false)
    /// The name the certificate was verified against.
    public let serverName: String

    /// Connects to `host:port` and completes the handshake.
    /// - Parameters:
    ///   - serverName: the name to verify and send as SNI; defaults to `host`. Pass it when connecting to an address
    ///     (127.0.0.1) whose certificate names a host.
    /// - Throws: `TLSError.connectFailed`, `.timedOut`, `.certificateRejected` (untrusted chain, wrong name, expired),
    ///   `.handshakeFailed`.
    public static func connect(
        host: String, port: Int, context: TLSClientContext, serverName: String? = nil
    ) throws(TLSError) -> TLSClientStream {
        let socket: SystemBlockingSocket
        do {
            socket = try SystemBlockingSocket.connect(host: host, port: port, timeout: context.configuration.timeout)
        } catch {
            if error == .timedOut { throw .timedOut(operation: "connect") }
            throw .connectFailed(host: host, port: port, reason: "\(error)")
        }
        return try TLSClientStream(socket: socket, serverName: serverName ?? host, context: context)
    }

    /// Runs the handshake over an already connected socket (whose timeouts are already set); the stream takes the
    /// socket over and closes it in `close()`.
    /// - Throws: as `connect`, except `.connectFailed`.
    public init(socket: SystemBlockingSocket, serverName: String, context: TLSClientContext) throws(TLSError) {
        self.socket = socket
        self.serverName = serverName
        do {
            session = try OpenSSLSession(context: context.openSSL, fileDescriptor: socket.fileDescriptor, serverName: serverName)
            try session.handshake()
        } catch {
            socket.close()
            throw error
        }
    }

    /// The negotiated protocol version, e.g. `"TLSv1.3"`.
    public var protocolVersion: String { session.protocolVersion }

    /// Sends all of `bytes`.
    /// - Throws: `TLSError.closed`, `.timedOut(operation: "write")`, `.io`.
    public func send(_ bytes: [UInt8]) throws(TLSError) {
        guard !isClosed.load(ordering: .acquiring) else { throw .closed }
        try session.write(bytes)
    }

    /// Receives up to `maxBytes` of application data; an empty result means the peer closed the stream.
    /// - Throws: `TLSError.closed`, `.timedOut(operation: "read")`, `.io`.
    public func receive(maxBytes: Int = 65_536) throws(TLSError) -> [UInt8] {
        guard !isClosed.load(ordering: .acquiring) else { throw .closed }
        let bytes = try session.read(maxBytes: maxBytes)
        if bytes.isEmpty, isClosed.load(ordering: .acquiring) { throw .closed }
        return bytes
    }

    /// Shuts the socket down without close_notify; idempotent and callable from any thread (wakes a blocked reader).
    /// The owning thread should prefer `closeGracefully()`.
    public func close() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        socket.close()
    }

    /// Sends close_notify, then closes; only from the thread that drives the stream.
    public func closeGracefully() {
        if !isClosed.load(ordering: .acquiring) { session.shutdown() }
        close()
    }
}
