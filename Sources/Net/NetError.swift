/// Every way the `Net` layer can fail; each case carries the facts needed to act on it.
///
/// Thrown by the system-call wrappers, listeners and event loops. Plain value: safe to pass between threads.
public enum NetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed with `errno`.
    case system(function: String, errno: Int32)
    /// `bind` found the port taken by another socket.
    case addressInUse(host: String, port: Int)
    /// The host is not a numeric IPv4/IPv6 address (or the port is out of range).
    case invalidAddress(String)
    /// The event loop was shut down and no longer accepts registrations.
    case loopShutDown(index: Int)

    public var description: String {
        switch self {
        case .system(let function, let errno):
            return "\(function) failed: \(System.errorText(errno)) (errno \(errno))"
        case .addressInUse(let host, let port):
            return "address \(host):\(port) is already in use; stop the other process or choose another port"
        case .invalidAddress(let address):
            return "invalid address '\(address)': expected a numeric IPv4 or IPv6 host and a port in 0...65535"
        case .loopShutDown(let index):
            return "event loop \(index) is shut down"
        }
    }
}
