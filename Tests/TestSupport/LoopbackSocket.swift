#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket connected to 127.0.0.1, for tests that speak raw bytes to a server (malformed input,
/// pipelining, slow senders); reads time out so that a broken server fails the test instead of hanging it.
///
/// Owned by the one test thread that made it; the caller closes the descriptor.
public enum LoopbackSocket {
    /// Why a loopback socket could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var function: String
        public var errno: Int32
        public var description: String { "\(function) failed: errno \(errno)" }
    }

    /// A socket connected to 127.0.0.1:`port` whose reads time out after `timeout`; returns its descriptor.
    public static func connect(port: Int, timeout: Duration = .seconds(5)) throws(Failure) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(function: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(function: "connect", errno: code)
        }
        let (seconds, attoseconds) = timeout.components
        var interval = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }
}
