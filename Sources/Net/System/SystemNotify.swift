import Glibc

/// The systemd notification protocol (sd_notify) without libsystemd: one datagram of `KEY=VALUE` lines sent to the
/// AF_UNIX socket named by `NOTIFY_SOCKET`. Without that variable (not under systemd) every call does nothing.
///
/// See sd_notify(3). Stateless; any thread may call it, but systemd only accepts it from the main PID by default.
public enum ServiceNotifier {
    /// Why a notification could not be sent; never fatal: callers log it and carry on.
    public enum Failure: Error, Equatable {
        case socketPathTooLong(String)
        case system(function: String, errno: Int32)
    }

    /// Sends `assignments` (e.g. `["READY=1", "STATUS=serving"]`) when `NOTIFY_SOCKET` is set.
    /// Returns false when there is no notify socket.
    @discardableResult
    public static func notify(_ assignments: [String], environment: [String: String]) throws(Failure) -> Bool {
        guard let socketName = environment["NOTIFY_SOCKET"], !socketName.isEmpty else { return false }
        try send(assignments.joined(separator: "\n") + "\n", to: socketName)
        return true
    }

    private static func send(_ payload: String, to socketName: String) throws(Failure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketName.utf8)
        let isAbstract = pathBytes.first == UInt8(ascii: "@")
        if isAbstract { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw .socketPathTooLong(socketName) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        // Abstract names are not NUL-terminated; filesystem paths may include the terminator.
        let length = socklen_t(pathOffset + pathBytes.count + (isAbstract ? 0 : 1))
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(function: "socket", errno: errno) }
        defer { close(descriptor) }
        let payloadBytes = Array(payload.utf8)
        let sent = payloadBytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        guard sent >= 0 else { throw .system(function: "sendto", errno: errno) }
    }
}
