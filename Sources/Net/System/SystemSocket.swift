#if canImport(Glibc)
import CLinux
import Glibc
#endif

/// Non-blocking TCP socket system calls: listen, accept, read, gathered send.
///
/// Stateless wrappers; the descriptors belong to `TCPListener` / `TCPConnection`. Sends use `MSG_NOSIGNAL` so a peer
/// that went away yields `EPIPE` instead of killing the process with SIGPIPE.
package enum SystemSocket {
    /// Largest number of buffers handed to one `sendmsg`.
    package static let maxGatherCount = 64

    /// Creates a non-blocking listening socket on `host:port` with `SO_REUSEADDR`.
    package static func listen(host: String, port: Int, backlog: Int32) throws(NetError) -> Int32 {
        guard (0...65_535).contains(port) else { throw NetError.invalidAddress("\(host):\(port)") }
        var storage = sockaddr_storage()
        let length = try fillAddress(&storage, host: host, port: port)
        let family = Int32(storage.ss_family)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NetError.system(function: "socket", errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        if bound != 0 {
            let code = errno
            System.close(descriptor)
            if code == EADDRINUSE { throw NetError.addressInUse(host: host, port: port) }
            if code == EADDRNOTAVAIL { throw NetError.invalidAddress("\(host):\(port)") }
            throw NetError.system(function: "bind", errno: code)
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let code = errno
            System.close(descriptor)
            throw NetError.system(function: "listen", errno: code)
        }
        return descriptor
    }

    /// The local port a socket is bound to.
    package static func localPort(_ descriptor: Int32) throws(NetError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { throw NetError.system(function: "getsockname", errno: errno) }
        return addressParts(storage).port
    }

    /// Accepts one connection (non-blocking, close-on-exec, `TCP_NODELAY`). `.processed(nil)` means "the peer gave up
    /// before we accepted; try the next one". Descriptor exhaustion (`EMFILE`, `ENFILE`) and memory errors throw.
    package static func accept(_ listener: Int32) throws(NetError) -> IOResult<(descriptor: Int32, remote: String)?> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let descriptor = System.retryingInterrupts {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
        }
        if descriptor >= 0 {
            var one: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let parts = addressParts(storage)
            let remote = storage.ss_family == sa_family_t(AF_INET6) ? "[\(parts.host)]:\(parts.port)" : "\(parts.host):\(parts.port)"
            return .processed((descriptor, remote))
        }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case ECONNABORTED, EPROTO, EPERM: return .processed(nil)
        case EBADF, EFAULT, ENOTSOCK, EOPNOTSUPP:
            preconditionFailure("accept4 failed with errno \(errno): a bug in Net")
        case let code: throw NetError.system(function: "accept4", errno: code)
        }
    }

    /// Reads into `buffer` (its whole count); `.processed(0)` is end-of-file.
    package static func read(_ descriptor: Int32, into buffer: inout [UInt8]) throws(NetError) -> IOResult<Int> {
        try System.retrying("read") {
            buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        }
    }

    /// Sends `chunks[startIndex...]` (skipping `firstOffset` bytes of the first) with one `sendmsg` and `MSG_NOSIGNAL`.
    /// Chunks must be non-empty. Returns the number of bytes the kernel took.
    package static func send(_ descriptor: Int32, chunks: [[UInt8]], from startIndex: Int,
                             firstOffset: Int) throws(NetError) -> IOResult<Int> {
        let count = min(chunks.count - startIndex, maxGatherCount)
        precondition(count > 0, "send with nothing to send")
        return try System.retrying("sendmsg") {
            withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
                gather(chunks, startIndex, firstOffset, 0, count, vectors) {
                    var message = msghdr()
                    message.msg_iov = vectors.baseAddress
                    message.msg_iovlen = count
                    return sendmsg(descriptor, &message, Int32(MSG_NOSIGNAL))
                }
            }
        }
    }

    /// Shuts down the sending side (the peer reads end-of-file once queued bytes are delivered).
    package static func shutdownWrite(_ descriptor: Int32) {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Pins each chunk's storage while filling `vectors`, then runs `body` with all of them pinned.
    private static func gather(_ chunks: [[UInt8]], _ startIndex: Int, _ firstOffset: Int, _ position: Int, _ count: Int,
                               _ vectors: UnsafeMutableBufferPointer<iovec>, _ body: () -> Int) -> Int {
        if position == count { return body() }
        return chunks[startIndex + position].withUnsafeBytes { raw in
            let offset = position == 0 ? firstOffset : 0
            vectors[position] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress.map { $0 + offset }),
                                      iov_len: raw.count - offset)
            return gather(chunks, startIndex, firstOffset, position + 1, count, vectors, body)
        }
    }

    private static func fillAddress(_ storage: inout sockaddr_storage, host: String, port: Int) throws(NetError) -> socklen_t {
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, numericHost, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(UInt16(port).bigEndian)
            return store(ipv4, in: &storage)
        }
        var ipv6 = sockaddr_in6()
        let trimmed = numericHost.hasPrefix("[") && numericHost.hasSuffix("]") ? String(numericHost.dropFirst().dropLast()) : numericHost
        if inet_pton(AF_INET6, trimmed, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(UInt16(port).bigEndian)
            return store(ipv6, in: &storage)
        }
        throw NetError.invalidAddress("\(host):\(port)")
    }

    /// Copies an IPv4 or IPv6 address into `storage`; returns the address's length for bind(2)/connect(2).
    private static func store<Address>(_ address: Address, in storage: inout sockaddr_storage) -> socklen_t {
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: Address.self, capacity: 1) { $0.pointee = address }
        }
        return socklen_t(MemoryLayout<Address>.size)
    }

    private static func addressParts(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafePointer(to: &storage) { pointer -> (String, Int) in
            if pointer.pointee.ss_family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return (Self.string(text), Int(UInt16(bigEndian: address.pointee.sin6_port)))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var raw = address.pointee.sin_addr
                _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                return (Self.string(text), Int(UInt16(bigEndian: address.pointee.sin_port)))
            }
        }
    }

    private static func string(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
