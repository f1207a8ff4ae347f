#if canImport(Glibc)
import Glibc
#endif

/// Client-side socket calls for in-process load generators (`worldgame bench fanout`): connect a TCP socket to an
/// IPv4 address and hand it over non-blocking, and raise the process's open-file limit.
///
/// Stateless wrappers; the returned descriptor belongs to the caller (wrap it in a `TCPConnection`). Never used by
/// `serve`.
package enum SystemClientSocket {
    /// Connects to `host:port` (an IPv4 address such as 127.0.0.1), blocking until the handshake completes, then
    /// switches the socket to non-blocking with `TCP_NODELAY`.
    /// - Throws: `NetError.invalidAddress` for a host that is not an IPv4 address, `NetError.system` otherwise.
    package static func connect(host: String, port: Int) throws(NetError) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard (0...65_535).contains(port), inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw NetError.invalidAddress("\(host):\(port)")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NetError.system(function: "socket", errno: errno) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            System.close(descriptor)
            throw NetError.system(function: "connect", errno: code)
        }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            let code = errno
            System.close(descriptor)
            throw NetError.system(function: "fcntl", errno: code)
        }
        return descriptor
    }

    /// Raises `RLIMIT_NOFILE` to at least `wanted` when allowed (the hard limit too, with `CAP_SYS_RESOURCE`);
    /// returns the soft limit now in force.
    package static func raiseOpenFileLimit(to wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let target = rlim_t(max(0, wanted))
        if limit.rlim_cur >= target { return Int(limit.rlim_cur) }
        var raised = rlimit(rlim_cur: target, rlim_max: max(limit.rlim_max, target))
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
            raised = rlimit(rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
        }
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return Int(limit.rlim_cur)
    }
}
