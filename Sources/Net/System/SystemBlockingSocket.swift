#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A blocking TCP socket for code that is allowed to block: the `HTTPClient` (tests, benchmarks, the CLI) and
/// tiny in-test servers. Never used on an event loop.
///
/// Owns its file descriptor and closes it in `deinit`. `close()` only shuts the socket down (waking a thread blocked
/// in `accept`/`recv` on it) so the descriptor number cannot be reused while another thread may still use it.
/// Calls may come from any thread, but each direction is meant to be driven by one thread at a time.
public final class SystemBlockingSocket: Sendable {
    private let descriptor: Int32
    private let isShutDown = Atomic<Bool>(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        _ = systemClose(descriptor)
    }

    /// Connects to `host:port` (name or address), trying each resolved address in turn.
    /// - Parameter timeout: bounds the connect and every later send/receive (SO_SNDTIMEO / SO_RCVTIMEO).
    /// - Throws: `.invalidAddress` if `host` does not resolve, `.timedOut`, or `.system("connect", errno)`.
    public static func connect(host: String, port: Int, timeout: Duration) throws(BlockingSocketError) -> SystemBlockingSocket {
        var lastError = BlockingSocketError.invalidAddress(host: host, port: port)
        for address in try resolve(host: host, port: port, passive: false) {
            let descriptor = socket(address.family, socketStreamType | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { lastError = .system(function: "socket", errno: errno); continue }
            let socket = SystemBlockingSocket(descriptor: descriptor)
            do throws(BlockingSocketError) {
                try socket.setTimeout(timeout)
            } catch {
                lastError = error
                continue
            }
            let result = address.storage.withSockaddr { Glibc.connect(descriptor, $0, address.length) }
            if result == 0 {
                var one: Int32 = 1
                _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return socket
            }
            let code = errno
            lastError = code == EINPROGRESS || code == EAGAIN || code == ETIMEDOUT
                ? .timedOut : .system(function: "connect", errno: code)
        }
        throw lastError
    }

    /// A listening socket on `host:port` (port 0 = ephemeral; see `localPort()`), with SO_REUSEADDR.
    public static func listen(host: String, port: Int, backlog: Int32 = 64) throws(BlockingSocketError) -> SystemBlockingSocket {
        guard let address = try resolve(host: host, port: port, passive: true).first else {
            throw .invalidAddress(host: host, port: port)
        }
        let descriptor = socket(address.family, socketStreamType | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(function: "socket", errno: errno) }
        let socket = SystemBlockingSocket(descriptor: descriptor)
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.storage.withSockaddr { bind(descriptor, $0, address.length) }
        guard bound == 0 else { throw .system(function: "bind", errno: errno) }
        guard Glibc.listen(descriptor, backlog) == 0 else { throw .system(function: "listen", errno: errno) }
        return socket
    }

    /// Waits for the next connection. Throws `.closed` once `close()` was called (also from another thread).
    public func accept() throws(BlockingSocketError) -> SystemBlockingSocket {
        while true {
            if isShutDown.load(ordering: .acquiring) { throw .closed }
            let accepted = Glibc.accept(descriptor, nil, nil)
            if accepted >= 0 { return SystemBlockingSocket(descriptor: accepted) }
            let code = errno
            if code == EINTR || code == ECONNABORTED { continue }
            if isShutDown.load(ordering: .acquiring) { throw .closed }
            if code == EAGAIN { throw .timedOut }
            throw .system(function: "accept", errno: code)
        }
    }

    /// The local port (useful after listening on port 0).
    public func localPort() throws(BlockingSocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = storage.withMutableSockaddr { getsockname(descriptor, $0, &length) }
        guard result == 0 else { throw .system(function: "getsockname", errno: errno) }
        return storage.port
    }

    /// The file descriptor, for a TLS layer that drives the socket through OpenSSL (`SSL_set_fd`). It stays owned by
    /// this object: the caller must keep the socket alive while using the number and must never close it.
    package var fileDescriptor: Int32 { descriptor }

    /// Sets both the receive and the send timeout.
    public func setTimeout(_ timeout: Duration) throws(BlockingSocketError) {
        let parts = timeout.components
        var value = timeval(tv_sec: Int(max(0, parts.seconds)), tv_usec: Int(max(0, parts.attoseconds / 1_000_000_000_000)))
        if value.tv_sec == 0, value.tv_usec == 0 { value.tv_usec = 1 }  // zero would mean "no timeout".
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size) == 0,
              setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size) == 0
        else { throw .system(function: "setsockopt", errno: errno) }
    }

    /// Sends all of `bytes` (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE).
    public func send(_ bytes: [UInt8]) throws(BlockingSocketError) {
        var offset = 0
        while offset < bytes.count {
            if isShutDown.load(ordering: .acquiring) { throw .closed }
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN { throw .timedOut }
            throw .system(function: "send", errno: code)
        }
    }

    /// Receives up to `maxBytes`; an empty result means the peer closed its side.
    public func receive(maxBytes: Int = 65_536) throws(BlockingSocketError) -> [UInt8] {
        while true {
            if isShutDown.load(ordering: .acquiring) { throw .closed }
            var code: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: maxBytes) { buffer, count in
                let received = recv(descriptor, buffer.baseAddress, maxBytes, 0)
                count = max(0, received)
                code = received < 0 ? errno : 0
            }
            if code == 0 { return bytes }
            if code == EINTR { continue }
            if code == EAGAIN { throw .timedOut }
            throw .system(function: "recv", errno: code)
        }
    }

    /// Half-closes the sending direction (the peer reads EOF).
    public func shutdownWrite() {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Shuts the socket down in both directions and wakes any thread blocked on it; idempotent.
    /// The descriptor itself is closed when the last reference goes away.
    public func close() {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    // MARK: - Address resolution

    /// A resolved socket address.
    private struct ResolvedAddress {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
    }

    private static var socketStreamType: Int32 { Int32(SOCK_STREAM.rawValue) }

    private static func resolve(host: String, port: Int, passive: Bool) throws(BlockingSocketError) -> [ResolvedAddress] {
        guard (0...65_535).contains(port) else { throw .invalidAddress(host: host, port: port) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketStreamType
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .invalidAddress(host: host, port: port)
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry?.pointee {
            if let address = current.ai_addr, Int(current.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(current.ai_addrlen)))
                }
                addresses.append(ResolvedAddress(family: current.ai_family, storage: storage, length: current.ai_addrlen))
            }
            entry = current.ai_next
        }
        return addresses
    }
}

/// Why a blocking socket operation failed; carries the failing function and errno.
///
/// Thrown on the calling thread by `SystemBlockingSocket`.
public enum BlockingSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case system(function: String, errno: Int32)
    /// The host did not resolve or the port is out of range.
    case invalidAddress(host: String, port: Int)
    /// The send/receive/connect timeout passed.
    case timedOut
    /// The socket was closed with `close()`.
    case closed

    public var description: String {
        switch self {
        case .system(let function, let code): "\(function) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .invalidAddress(let host, let port): "cannot resolve \(host):\(port)"
        case .timedOut: "timed out"
        case .closed: "socket closed"
        }
    }
}

extension sockaddr_storage {
    fileprivate func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>) -> Result) -> Result {
        withUnsafePointer(to: self) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
        }
    }

    fileprivate mutating func withMutableSockaddr<Result>(_ body: (UnsafeMutablePointer<sockaddr>) -> Result) -> Result {
        withUnsafeMutablePointer(to: &self) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
        }
    }

    /// The port of an IPv4 or IPv6 address, in host byte order.
    fileprivate var port: Int {
        var copy = self
        return withUnsafeBytes(of: &copy) { raw in
            // sin_port and sin6_port both sit right after the 2-byte family, in network byte order.
            Int(raw[2]) << 8 | Int(raw[3])
        }
    }
}

/// `close(2)`, named apart from `SystemBlockingSocket.close()`.
private func systemClose(_ descriptor: Int32) -> Int32 {
    Glibc.close(descriptor)
}
