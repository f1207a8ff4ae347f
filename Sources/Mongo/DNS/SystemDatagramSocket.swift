#if canImport(Glibc)
import Glibc
#endif
import Net

/// One UDP exchange with an IPv4 DNS server: send a query, wait for a reply from that server with a timeout.
///
/// Stateless wrapper (the socket lives for one call, on the caller's thread). The only C calls of the Mongo module.
enum SystemDatagramSocket {
    /// Sends `query` to `address:port` and returns the first datagram that comes back from it.
    static func exchange(_ query: [UInt8], address: String, port: Int, timeout: Duration) throws(DNSError) -> [UInt8] {
        var server = sockaddr_in()
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, address, &server.sin_addr) == 1 else { throw .invalidName(address) }
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(function: "socket", errno: errno) }
        defer { close(descriptor) }
        let parts = timeout.components
        var value = timeval(tv_sec: Int(max(0, parts.seconds)), tv_usec: Int(max(1, parts.attoseconds / 1_000_000_000_000)))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &server) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw .system(function: "connect", errno: errno) }
        let sent = query.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == query.count else { throw .system(function: "send", errno: errno) }
        var code: Int32 = 0
        let reply = [UInt8](unsafeUninitializedCapacity: 65_535) { buffer, count in
            let received = System.retryingInterrupts { recv(descriptor, buffer.baseAddress, 65_535, 0) }
            count = max(0, received)
            code = received < 0 ? errno : 0
        }
        if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(server: "\(address):\(port)") }
        guard code == 0 else { throw .system(function: "recv", errno: code) }
        return reply
    }
}
