import Net

/// Minimal blocking HTTP/1.1 client holding one keep-alive connection; for tests, benchmarks and the CLI
/// (`worldgame status`). Never used on an event loop.
///
/// Not thread-safe: one thread owns a client. The connection is opened in `init`, reused while the server keeps it
/// alive, and reopened on the next call after the server closed it. An idempotent request whose reused connection
/// turns out to be closed before any response byte arrives is retried once on a fresh connection.
/// The timeout applies to connecting and to each send/receive (socket SO_SNDTIMEO / SO_RCVTIMEO).
public final class HTTPClient {
    public let host: String
    public let port: Int
    private let timeout: Duration
    private var socket: (any HTTPClientTransport)?
    private let connector: HTTPClientConnector
    private var reader = HTTPClientResponseReader()
    /// How many TCP connections this client has opened (for keep-alive checks in tests).
    public private(set) var connectionsOpened = 0

    /// Connects to `host:port`.
    /// - Throws: `HTTPClientError.connectFailed` or `.timedOut`.
    public convenience init(host: String, port: Int, timeout: Duration = .seconds(10)) throws {
        try self.init(host: host, port: port, timeout: timeout, connector: TCPClientTransport.connect)
    }

    /// Connects to `host:port` through `connector` (for example TLS from a higher module).
    /// - Throws: whatever `connector` throws (`HTTPClientError`).
    public init(host: String, port: Int, timeout: Duration = .seconds(10), connector: @escaping HTTPClientConnector) throws {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.connector = connector
        try connect()
    }

    deinit {
        socket?.close()
    }

    /// Sends one request and reads its response. Adds `host` (unless given) and `content-length` (when there is a
    /// body, or for POST/PUT/PATCH, unless framing headers are given).
    /// - Throws: `HTTPClientError`.
    public func send(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) throws -> HTTPClientResponse {
        let request = serializeRequest(method, target, headers: headers, body: body)
        let isIdempotent = [.get, .head, .put, .delete, .options].contains(method)
        return try exchange(request, isHead: method == .head, mayRetry: isIdempotent)
    }

    /// Sends raw bytes and reads one response (for tests of malformed input). Never retried.
    /// - Throws: `HTTPClientError`; `.connectionClosed` if the server closed without answering.
    public func sendRaw(_ bytes: [UInt8]) throws -> HTTPClientResponse {
        try exchange(bytes, isHead: false, mayRetry: false)
    }

    /// Closes the connection; a later call reconnects.
    public func close() {
        socket?.close()
        socket = nil
        reader.reset()
    }

    // MARK: - Internals

    private func connect() throws(HTTPClientError) {
        socket = try connector(host, port, timeout)
        connectionsOpened += 1
    }

    private func exchange(_ request: [UInt8], isHead: Bool, mayRetry: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        let isReused = socket != nil
        if socket == nil { try connect() }
        do {
            return try sendAndRead(request, isHead: isHead)
        } catch .connectionClosed where mayRetry && isReused && reader.buffer.isEmpty {
            close()
            try connect()
            return try sendAndRead(request, isHead: isHead)
        }
    }

    private func sendAndRead(_ request: [UInt8], isHead: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        guard let socket else { throw .connectionClosed }
        do throws(HTTPClientError) {
            try socket.send(request)
            var atEnd = false
            while true {
                if let result = try reader.next(requestWasHead: isHead, atEndOfStream: atEnd) {
                    if result.closesConnection { close() }
                    return result.response
                }
                if atEnd { throw HTTPClientError.connectionClosed }
                let bytes = try socket.receive()
                if bytes.isEmpty { atEnd = true } else { reader.append(bytes) }
            }
        } catch {
            close()  // the stream position is unknown after a failure: never reuse the connection
            throw error
        }
    }

    private func serializeRequest(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + body.count)
        bytes.append(contentsOf: "\(method.rawValue) \(target) HTTP/1.1\r\n".utf8)
        if headers["host"] == nil { bytes.append(contentsOf: "host: \(host):\(port)\r\n".utf8) }
        for field in headers { bytes.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8) }
        let hasFraming = headers["content-length"] != nil || headers["transfer-encoding"] != nil
        if !hasFraming, !body.isEmpty || [.post, .put, .patch].contains(method) {
            bytes.append(contentsOf: "content-length: \(body.count)\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}
